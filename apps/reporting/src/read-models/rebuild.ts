import { START, inTransaction, type Checkpoint, type PostgresEventStore } from '@yuqing/event-store';
import type { Pool } from 'pg';
import { applyEvent } from './reporting.projection';
import { REBUILDABLE_TABLES } from './schema';

/**
 * Rebuilds the reporting read models and the watcher's schedule from the service's own events, in one transaction:
 * readers see the old tables until it commits. The notification outbox and the incident facts are not touched
 * (work in flight, and what other contexts said). Returns the number of events replayed.
 */
export async function rebuildReadModels(store: PostgresEventStore, pool: Pool): Promise<number> {
  const s = store.schema;
  return inTransaction(pool, async (client) => {
    await client.query(`truncate ${REBUILDABLE_TABLES.map((table) => `${s}.${table}`).join(', ')}`);
    let checkpoint: Checkpoint = START;
    let replayed = 0;
    for (;;) {
      const page = await store.readAll(checkpoint, 1000);
      for (const event of page.events) {
        if (event.type.startsWith('reporting.')) await applyEvent(s, client, event);
      }
      replayed += page.events.length;
      if (page.events.length === 0) return replayed;
      checkpoint = page.checkpoint;
    }
  });
}
