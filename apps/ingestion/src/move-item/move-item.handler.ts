import { Inject } from '@nestjs/common';
import { DomainRuleError } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { decideMove, itemsOf } from '@yuqing/ingestion-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  appendCorrection,
  correctionLock,
  incidentItems,
  loadIncident,
  loadVisibleIncident,
} from '../incidents/incident-corrections';
import { MoveItemCommand, type MoveResult } from './move-item.command';

/** 改归: the item leaves its incident for another open incident of the unit; both incidents' heat is re-measured. */
@HandlesCommand(MoveItemCommand, { lock: correctionLock })
export class MoveItemHandler implements CommandHandling<MoveItemCommand, MoveResult> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle(command: MoveItemCommand, tx: CommandTransaction): Promise<MoveResult> {
    const { itemId, toIncidentId, reason } = command.payload;
    // Under the lock: where the item is now.
    const { rows } = await tx.client.query<{ incident_id: string | null }>(
      `select incident_id from ${this.store.schema}.items where item_id = $1`,
      [itemId],
    );
    const fromId = rows[0]?.incident_id;
    if (!fromId)
      throw new DomainRuleError('ingestion.item-not-in-incident', `item ${itemId} is in no incident`);
    const from = await loadIncident(tx, fromId, tx.context.expectedVersion);
    const to = await loadVisibleIncident(tx, toIncidentId);
    const items = await incidentItems(tx, this.store.schema, [...itemsOf(from.state), ...itemsOf(to.state)]);
    const decision = decideMove(
      { kind: 'move', itemId, toIncidentId, reason, now: tx.now },
      from.state,
      to.state,
      items,
    );
    const incidents = await appendCorrection(
      tx,
      decision,
      new Map([
        [fromId, from],
        [toIncidentId, to],
      ]),
    );
    return { itemId, fromIncidentId: fromId, toIncidentId, incidents };
  }
}
