import type { RecordedEvent } from '@yuqing/contracts';
import { START, type PostgresEventStore } from '@yuqing/event-store';
import { ingestionProjection } from './ingestion.projection';

/** The read models the ingestion events fill; the idempotency keys (answers given) are not rebuilt. */
export const REBUILDABLE_TABLES = ['sources', 'rules', 'watch_windows', 'items', 'incidents'] as const;

/**
 * Empties the ingestion read models and refills them from the service's events, from position zero, in one
 * transaction: readers see the old tables until it commits. Events are applied a transaction at a time, as the
 * inline projection first saw them (a capture's items, incidents and heat together; a correction's two streams
 * together), since the projection orders one call's events by their dependencies and the log orders a
 * transaction's events by stream. A feed's ETag and Last-Modified are not events: the next poll fetches in full.
 * Returns the number of events applied.
 */
export async function rebuildReadModels(store: PostgresEventStore, pageSize = 1000): Promise<number> {
  const projection = ingestionProjection(store.schema, new Map());
  return store.transaction(async (tx) => {
    await tx.client.query(`truncate ${REBUILDABLE_TABLES.map((t) => `${store.schema}.${t}`).join(', ')}`);
    let checkpoint = START;
    let applied = 0;
    let pending: RecordedEvent[] = [];
    const flush = async () => {
      if (pending.length > 0) await projection.handle(pending, tx.client);
      applied += pending.length;
      pending = [];
    };
    for (;;) {
      const page = await store.readAll(checkpoint, pageSize);
      for (const event of page.events) {
        if (!projection.eventTypes.includes(event.type)) continue;
        if (pending.length > 0 && pending[0]!.transactionId !== event.transactionId) await flush();
        pending.push(event);
      }
      if (page.events.length === 0) {
        await flush();
        return applied;
      }
      checkpoint = page.checkpoint;
    }
  });
}
