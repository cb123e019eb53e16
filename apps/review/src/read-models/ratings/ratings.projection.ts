import type { PoolClient } from 'pg';
import { RatingComputed, type EventData, type RecordedEvent } from '@yuqing/contracts';
import { defineProjection } from '@yuqing/event-store';

async function apply(table: string, db: PoolClient, event: RecordedEvent): Promise<void> {
  if (event.type !== RatingComputed.type) return;
  const d = event.data as EventData<typeof RatingComputed>;
  // The latest computation of a department's period stands; the stream keeps every earlier one.
  await db.query(
    `insert into ${table} (org_unit, period, rating_id, scheme_version, score, rating, excellent_barred, lines,
       barred_person_ids, computed_at, version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (org_unit, period) do update set rating_id = excluded.rating_id,
       scheme_version = excluded.scheme_version, score = excluded.score, rating = excluded.rating,
       excellent_barred = excluded.excellent_barred, lines = excluded.lines,
       barred_person_ids = excluded.barred_person_ids, computed_at = excluded.computed_at, version = excluded.version`,
    [
      d.orgUnitId,
      d.period,
      d.ratingId,
      d.schemeVersion,
      d.score,
      d.rating,
      d.excellentBarred,
      JSON.stringify(d.lines),
      JSON.stringify(d.barredPersonIds),
      event.recordedAt,
      event.streamPosition,
    ],
  );
}

/** Each department's rating of each period as it stands (the latest computed), with its lines. */
export const ratingsProjection = defineProjection({
  name: 'review.ratings',
  handles: [RatingComputed.type],
  tables: [{ name: 'ratings', key: ['org_unit', 'period'] }],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope.table('ratings'), db, event);
  },
});
