import type { EventData, WatchWindowCancelled, WatchWindowScheduled } from '@yuqing/contracts';
import type { ProjectionDefinition } from '@yuqing/event-store';
import { each, handlerProjection } from '../handler-projection';

/** The watch windows, scheduled and cancelled. */
export function watchWindowsProjection(schema: string): ProjectionDefinition {
  const s = schema;
  return handlerProjection(
    { name: 'ingestion.watch-windows', tables: [{ name: 'watch_windows', key: ['window_id'] }] },
    [
      [
        'ingestion.WatchWindowScheduled',
        each(async (c, e) => {
          const d = e.data as EventData<typeof WatchWindowScheduled>;
          await c.query(
            `insert into ${s}.watch_windows (window_id, org_unit, name, starts_at, ends_at, poll_interval_factor, scheduled_at)
           values ($1, $2, $3, $4, $5, $6, $7)`,
            [
              d.windowId,
              e.metadata.orgUnit,
              d.name,
              d.startsAt,
              d.endsAt,
              d.pollIntervalFactor,
              e.recordedAt,
            ],
          );
        }),
      ],
      [
        'ingestion.WatchWindowCancelled',
        each((c, e) => {
          const d = e.data as EventData<typeof WatchWindowCancelled>;
          return c.query(
            `update ${s}.watch_windows set cancelled_at = $2, cancel_reason = $3 where window_id = $1`,
            [d.windowId, e.recordedAt, d.reason],
          );
        }),
      ],
    ],
  );
}
