import { EscalateGrade } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class EscalateGradeCommand extends DomainCommand<typeof EscalateGrade, DecisionResult>(
  EscalateGrade,
) {}
