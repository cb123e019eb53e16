import { migrate, PostgresEventStore, type Migration } from '@yuqing/event-store';
import { heatFromState, heatStateOf, type HeatItem, type HeatState } from '@yuqing/ingestion-domain';
import { testDatabase } from '@yuqing/testing';
import { readModelMigrations } from './schema';

// Migration 1005-heat-state-by-minute (docs/benchmarks.md): incidents stored under heat@1, which kept every capture
// time of the last two hours (`recent`), hold heat@2's counts by minute (`perMinute`) afterwards, everything else
// of the state as it was, and give the heat the items themselves give. The schema is built as it stood before
// 1005, an old state stored, then the service's migrations run as a deploy would run them.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const db = testDatabase('ing_heatmig', 2);
const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
const all = (): Migration[] => [...store.migrations(), ...readModelMigrations(db.schema)];

afterAll(async () => {
  await db.drop();
});

/** 14:00:00 UTC on 20 Nov 2026, on a whole minute: minute numbers below are counted from it. */
const BASE = Date.parse('2026-11-20T14:00:00Z');
const M = BASE / MINUTE;

/** heat@1 as it was stored: heat@2's sums, and the capture times of the two hours up to the newest item. */
function heat1Of(items: readonly HeatItem[], t0: Date): Record<string, unknown> {
  const { perMinute: _dropped, ...sums } = heatStateOf(items, t0);
  const newest = Math.max(...items.map((i) => i.at.getTime()));
  const recent = items
    .map((i) => i.at.getTime())
    .filter((t) => newest - t <= 2 * HOUR)
    .sort((a, b) => a - b);
  return { ...sums, recent };
}

async function insertIncident(incidentId: string, heatState: unknown): Promise<void> {
  await db.pool.query(
    `insert into ${db.schema}.incidents (incident_id, org_unit, title, detected_at, last_activity_at, heat_state)
     values ($1, 'cn.yn.km.yl', '宜良县城区路面塌陷', $2, $2, $3)`,
    [incidentId, new Date(BASE), heatState === null ? null : JSON.stringify(heatState)],
  );
}

async function stateOf(incidentId: string): Promise<Record<string, unknown> | null> {
  const { rows } = await db.pool.query<{ heat_state: Record<string, unknown> | null }>(
    `select heat_state from ${db.schema}.incidents where incident_id = $1`,
    [incidentId],
  );
  return rows[0]!.heat_state;
}

describe('migration 1005-heat-state-by-minute', () => {
  it('converts a stored heat@1 state to counts by minute that give the same heat, and leaves others alone', async () => {
    // given: the schema as it stood before 1005.
    const before = await migrate(
      db.pool,
      db.schema,
      all().filter((m) => m.id < '1005'),
    );
    expect(before).toContain('1004-watch-window-cancellation');
    expect(before).not.toContain('1005-heat-state-by-minute');

    // Captures over two hours: two in one minute (one in its first millisecond), one in the last millisecond of a
    // minute, a burst in the newest minute, and one two hours and more before the newest (heat@1 dropped it).
    const at = (minute: number, ms = 0): Date => new Date(BASE + minute * MINUTE + ms);
    const items: HeatItem[] = [
      { at: at(-5), reachTier: 'city-site' },
      { at: at(0), reachTier: 'city-site', engagement: { views: 120, comments: 3 } },
      { at: at(0, 59_999), reachTier: 'individual-account' },
      { at: at(1, 30_000), reachTier: 'provincial-media' },
      { at: at(59, 59_999), reachTier: 'city-site', engagement: { reposts: 2 } },
      { at: at(118, 1), reachTier: 'local' },
      { at: at(118, 2), reachTier: 'local' },
      { at: at(118, 40_000), reachTier: 'city-site' },
    ];
    const t0 = new Date(BASE - 10 * MINUTE);
    const old = heat1Of(items, t0);
    expect(old.recent).toHaveLength(7);
    await insertIncident('inc-heat1', old);
    await insertIncident('inc-heat1-empty', heat1Of([], t0));
    const current: HeatState = heatStateOf(items, t0);
    await insertIncident('inc-heat2', current);
    await insertIncident('inc-no-heat', null);

    // when: the service's migrations run.
    const applied = await migrate(db.pool, db.schema, all());
    expect(applied[0]).toBe('1005-heat-state-by-minute');

    // then: the captures counted by their minute (Unix ms / 60 000), oldest first, and nothing else changed.
    const { recent: _recent, ...sums } = old;
    const converted = await stateOf('inc-heat1');
    expect(converted).toEqual({
      ...sums,
      perMinute: [
        [M, 2],
        [M + 1, 1],
        [M + 59, 1],
        [M + 118, 3],
      ],
    });
    // …which is the state heat@2 keeps for the same items, and so measures the same heat at any later moment.
    expect(converted).toEqual(current);
    for (const later of [at(118, 45_000), at(150), at(179), at(300)]) {
      expect(heatFromState(converted as unknown as HeatState, later)).toBe(heatFromState(current, later));
    }
    const { recent: _none, ...emptySums } = heat1Of([], t0);
    expect(await stateOf('inc-heat1-empty')).toEqual({ ...emptySums, perMinute: [] });
    expect(await stateOf('inc-heat2')).toEqual(current);
    expect(await stateOf('inc-no-heat')).toBeNull();
  });
});
