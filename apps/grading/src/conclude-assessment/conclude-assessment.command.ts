import { ConcludeAssessment } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class ConcludeAssessmentCommand extends DomainCommand<typeof ConcludeAssessment, DecisionResult>(
  ConcludeAssessment,
) {}
