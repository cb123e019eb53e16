import type { INestApplication } from '@nestjs/common';
import { archiveStreams } from '@yuqing/contracts';
import { DEFAULT_CASE_POLICY, caseDecider, entryFor, type SourceEvent } from '@yuqing/archive-domain';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { commandTransaction, serviceContext, SystemClock } from '@yuqing/service-kit';

/** A source event of another context, as the archive would receive it (for tests and the access matrix's seed). */
export function sourceEvent(type: string, data: Record<string, unknown>, time = new Date()): SourceEvent {
  const context = type.split('.')[0]!;
  const incidentId = typeof data['incidentId'] === 'string' ? data['incidentId'] : uuidv7();
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    streamId: `${context}-incident-${incidentId}`,
    streamPosition: 1,
    time,
    data,
  };
}

/**
 * Files source events in their incident's case through the decider, as the inbox handler does, without Kafka:
 * for specs of what reads cases (library, as-of, export) and for seeding.
 */
export async function fileEvents(
  app: INestApplication,
  incidentId: string,
  orgUnit: string,
  events: readonly SourceEvent[],
): Promise<void> {
  const store = app.get(PostgresEventStore);
  for (const event of events) {
    const entry = entryFor(event);
    if (!entry) throw new Error(`${event.type} files no entry`);
    await store.transaction((tx) =>
      commandTransaction(tx, serviceContext('archive-test', orgUnit), new SystemClock().now()).decide(
        archiveStreams.case.id(incidentId),
        caseDecider,
        { kind: 'file', caseId: incidentId, entry, newItem: false, policy: DEFAULT_CASE_POLICY },
        { expectedVersion: 'ignore-if-match' },
      ),
    );
  }
}

/** A case opened by its incident's detection, in `orgUnit`; returns the case (incident) id. */
export async function detectedCase(app: INestApplication, orgUnit: string, title: string): Promise<string> {
  const incidentId = uuidv7();
  await fileEvents(app, incidentId, orgUnit, [
    sourceEvent('ingestion.IncidentDetected', {
      incidentId,
      title,
      itemIds: [uuidv7()],
      detectedAt: new Date().toISOString(),
      ruleSetVersion: 'clustering@test',
    }),
  ]);
  return incidentId;
}
