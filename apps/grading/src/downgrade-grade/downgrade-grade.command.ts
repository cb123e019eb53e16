import { DowngradeGrade } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class DowngradeGradeCommand extends DomainCommand<typeof DowngradeGrade, DecisionResult>(
  DowngradeGrade,
) {}
