import { SplitIncident, type CommandPayload } from '@yuqing/contracts';
import { DomainCommand, type CommandContext } from '@yuqing/service-kit';
import type { CorrectedIncidents } from '../incidents/incident-corrections';

export interface SplitResult extends CorrectedIncidents {
  readonly incidentId: string;
  readonly newIncidentId: string;
  readonly itemIds: readonly string[];
}

/** The body, with the incident the path names: hashed with it, so one key for two incidents is a reuse (422). */
export type SplitPayload = CommandPayload<typeof SplitIncident> & { readonly incidentId: string };

export class SplitIncidentCommand extends DomainCommand<typeof SplitIncident, SplitResult>(SplitIncident) {
  declare readonly payload: SplitPayload;

  constructor(payload: SplitPayload, context: CommandContext) {
    super(payload, context);
  }
}
