import { MoveItem, type CommandPayload } from '@yuqing/contracts';
import { DomainCommand, type CommandContext } from '@yuqing/service-kit';
import type { CorrectedIncidents } from '../incidents/incident-corrections';

export interface MoveResult extends CorrectedIncidents {
  readonly itemId: string;
  readonly fromIncidentId: string;
  readonly toIncidentId: string;
}

/** The body, with the item the path names: hashed with it, so one key for two items is a reuse (422). */
export type MovePayload = CommandPayload<typeof MoveItem> & { readonly itemId: string };

export class MoveItemCommand extends DomainCommand<typeof MoveItem, MoveResult>(MoveItem) {
  declare readonly payload: MovePayload;

  constructor(payload: MovePayload, context: CommandContext) {
    super(payload, context);
  }
}
