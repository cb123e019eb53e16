import { ConfirmGrade } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class ConfirmGradeCommand extends DomainCommand<typeof ConfirmGrade, DecisionResult>(ConfirmGrade) {}
