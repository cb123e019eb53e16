import { OverrideGrade } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class OverrideGradeCommand extends DomainCommand<typeof OverrideGrade, DecisionResult>(
  OverrideGrade,
) {}
