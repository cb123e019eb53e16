import { Inject } from '@nestjs/common';
import { PostgresEventStore } from '@yuqing/event-store';
import { decideMerge, itemsOf } from '@yuqing/ingestion-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  appendCorrection,
  correctionLock,
  incidentItems,
  loadIncident,
  loadVisibleIncident,
} from '../incidents/incident-corrections';
import { MergeIncidentsCommand, type MergeResult } from './merge-incidents.command';

/** 合并: another incident of the unit is merged into this one (two clusters of one event) and closes. */
@HandlesCommand(MergeIncidentsCommand, { lock: correctionLock })
export class MergeIncidentsHandler implements CommandHandling<MergeIncidentsCommand, MergeResult> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle(command: MergeIncidentsCommand, tx: CommandTransaction): Promise<MergeResult> {
    const { incidentId, mergedIncidentId, reason } = command.payload;
    const into = await loadIncident(tx, incidentId, tx.context.expectedVersion);
    const merged = await loadVisibleIncident(tx, mergedIncidentId);
    const items = await incidentItems(tx, this.store.schema, [
      ...itemsOf(into.state),
      ...itemsOf(merged.state),
    ]);
    const decision = decideMerge(
      { kind: 'merge', mergedIncidentId, reason, now: tx.now },
      into.state,
      merged.state,
      items,
    );
    const loaded = new Map([
      [incidentId, into],
      [mergedIncidentId, merged],
    ]);
    const incidents = await appendCorrection(tx, decision, loaded);
    return { incidentId, mergedIncidentId, incidents };
  }
}
