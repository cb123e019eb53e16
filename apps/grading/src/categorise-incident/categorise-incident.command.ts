import { CategoriseIncident } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { DecisionResult } from '../incidents/grading-incidents';

export class CategoriseIncidentCommand extends DomainCommand<typeof CategoriseIncident, DecisionResult>(
  CategoriseIncident,
) {}
