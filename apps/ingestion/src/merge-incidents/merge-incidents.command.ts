import { MergeIncidents, type CommandPayload } from '@yuqing/contracts';
import { DomainCommand, type CommandContext } from '@yuqing/service-kit';
import type { CorrectedIncidents } from '../incidents/incident-corrections';

export interface MergeResult extends CorrectedIncidents {
  readonly incidentId: string;
  readonly mergedIncidentId: string;
}

/** The body, with the incident the path names: hashed with it, so one key for two incidents is a reuse (422). */
export type MergePayload = CommandPayload<typeof MergeIncidents> & { readonly incidentId: string };

export class MergeIncidentsCommand extends DomainCommand<typeof MergeIncidents, MergeResult>(MergeIncidents) {
  declare readonly payload: MergePayload;

  constructor(payload: MergePayload, context: CommandContext) {
    super(payload, context);
  }
}
