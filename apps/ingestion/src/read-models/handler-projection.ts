import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@yuqing/contracts';
import { defineProjection, type ProjectionDefinition, type ProjectionSpec } from '@yuqing/event-store';

/** Applies the events of one type; `batch` is every event of the call, for what one type needs of another. */
export type Handler = (
  client: PoolClient,
  events: readonly RecordedEvent[],
  batch: readonly RecordedEvent[],
) => Promise<unknown>;

/** A handler that applies the events one at a time. */
export const each =
  (apply: (client: PoolClient, event: RecordedEvent) => Promise<unknown>): Handler =>
  async (client, events) => {
    for (const event of events) await apply(client, event);
  };

/**
 * A projection applied type by type, in the order of `handlers` (their dependency order): one set-based
 * statement per kind of event of a call.
 */
export function handlerProjection(
  spec: Omit<ProjectionSpec, 'handles' | 'evolve'>,
  handlers: readonly (readonly [string, Handler])[],
): ProjectionDefinition {
  return defineProjection({
    ...spec,
    handles: [...new Set(handlers.map(([type]) => type))],
    async evolve(events, client) {
      for (const [type, handler] of handlers) {
        const mine = events.filter((event) => event.type === type);
        if (mine.length > 0) await handler(client, mine, events);
      }
    },
  });
}
