import { ConveneAssessment } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class ConveneAssessmentCommand extends DomainCommand<typeof ConveneAssessment, DecisionResult>(
  ConveneAssessment,
) {}
