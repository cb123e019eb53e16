import { Inject } from '@nestjs/common';
import { PostgresEventStore } from '@yuqing/event-store';
import { decideSplit, itemsOf } from '@yuqing/ingestion-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  appendCorrection,
  correctionLock,
  incidentItems,
  loadIncident,
} from '../incidents/incident-corrections';
import { SplitIncidentCommand, type SplitResult } from './split-incident.command';

/** 拆分: items split off this incident into a new one (two events clustered together). */
@HandlesCommand(SplitIncidentCommand, { lock: correctionLock })
export class SplitIncidentHandler implements CommandHandling<SplitIncidentCommand, SplitResult> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle(command: SplitIncidentCommand, tx: CommandTransaction): Promise<SplitResult> {
    const { incidentId, itemIds, title, reason } = command.payload;
    const original = await loadIncident(tx, incidentId, tx.context.expectedVersion);
    const items = await incidentItems(tx, this.store.schema, itemsOf(original.state));
    const newIncidentId = tx.newId();
    const decision = decideSplit(
      { kind: 'split', newIncidentId, itemIds, title, reason, now: tx.now },
      original.state,
      items,
    );
    const incidents = await appendCorrection(tx, decision, new Map([[incidentId, original]]));
    const detected = decision.find((d) => d.created)!.events[0]!.data as { itemIds: string[] };
    return { incidentId, newIncidentId, itemIds: detected.itemIds, incidents };
  }
}
