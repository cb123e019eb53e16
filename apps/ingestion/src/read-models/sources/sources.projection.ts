import type { EventData, SourceFetchFailed, SourceRegistered, WatchWindowScheduled } from '@yuqing/contracts';
import type { ProjectionDefinition } from '@yuqing/event-store';
import { each, handlerProjection } from '../handler-projection';

/**
 * The sources read model. A feed's ETag, Last-Modified and next poll are also written by the feed poller, not
 * from events: a rebuild leaves the next poll to the events, and the next poll fetches in full.
 */
export function sourcesProjection(schema: string): ProjectionDefinition {
  const s = schema;
  return handlerProjection(
    {
      name: 'ingestion.sources',
      tables: [
        {
          name: 'sources',
          key: ['source_id'],
          operational: {
            etag: 'written by the feed poller',
            last_modified: 'written by the feed poller',
            next_poll_at: 'written by the feed poller',
          },
        },
      ],
    },
    [
      [
        'ingestion.SourceRegistered',
        each((c, e) => {
          const d = e.data as EventData<typeof SourceRegistered>;
          return c.query(
            `insert into ${s}.sources (source_id, org_unit, name, url, platform, reach_tier, feed_url, poll_seconds, next_poll_at, registered_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, case when $7::text is null then null else $9::timestamptz end, $9)`,
            [
              d.sourceId,
              e.metadata.orgUnit,
              d.name,
              d.url,
              d.platform,
              d.reachTier,
              d.feedUrl ?? null,
              d.pollSeconds ?? null,
              e.recordedAt,
            ],
          );
        }),
      ],
      [
        'ingestion.SourceFetchFailed',
        each((c, e) => {
          const d = e.data as EventData<typeof SourceFetchFailed>;
          return c.query(
            `update ${s}.sources set consecutive_failures = $2, next_poll_at = $3 where source_id = $1`,
            [d.sourceId, d.consecutiveFailures, d.nextAttemptAt],
          );
        }),
      ],
      [
        'ingestion.SourceFetchRecovered',
        each((c, e) =>
          c.query(`update ${s}.sources set consecutive_failures = 0 where source_id = $1`, [
            (e.data as { sourceId: string }).sourceId,
          ]),
        ),
      ],
      [
        'ingestion.WatchWindowScheduled',
        each(async (c, e) => {
          const d = e.data as EventData<typeof WatchWindowScheduled>;
          // The window covers the unit and the units below it. Their healthy feeds are polled at its start at the
          // latest, so the shorter interval takes hold at once rather than after the interval running then.
          await c.query(
            `update ${s}.sources set next_poll_at = greatest($2::timestamptz, $3::timestamptz)
            where feed_url is not null and consecutive_failures = 0 and next_poll_at > greatest($2::timestamptz, $3::timestamptz)
              and (org_unit = $1 or org_unit like $1 || '.%') and $4::timestamptz > $3::timestamptz`,
            [e.metadata.orgUnit, d.startsAt, e.recordedAt, d.endsAt],
          );
        }),
      ],
    ],
  );
}
