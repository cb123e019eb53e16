import { Pool } from 'pg';
import { PostgresEventStore } from '@yuqing/event-store';
import { DEFAULT_REPORTING_POLICY } from '@yuqing/reporting-domain';
import { AdjustableClock } from '@yuqing/testing';
import { projections } from '../read-models';
import { grade, startTestReporting, type TestReporting } from '../testing/reporting-app';
import { DeadlineWatcher } from './deadline-watcher';

// Several instances of the service each run a watcher on the same schedule. Two of them, on their own connection
// pools, drain a schedule of many deadlines at the same time: every deadline fires exactly once, and both did work.
const MINUTE = 60_000;
const INCIDENTS = 40;
let reporting: TestReporting;
const pools: Pool[] = [];

beforeAll(async () => {
  reporting = await startTestReporting({
    schemaPrefix: 'rep_watch',
    env: {
      DEADLINE_WATCHER: 'off',
    },
  });
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await reporting?.close();
});

function watcher(instanceId: string, clock: AdjustableClock): DeadlineWatcher {
  const pool = new Pool({ connectionString: reporting.config.DATABASE_URL, max: 4 });
  pools.push(pool);
  const schema = reporting.config.REPORTING_SCHEMA;
  const store = new PostgresEventStore({ pool, schema, projections: projections(schema) });
  return new DeadlineWatcher({ store, policy: DEFAULT_REPORTING_POLICY, clock, instanceId, batchSize: 7 });
}

/** Ticks until two rounds in a row find nothing. */
async function drain(w: DeadlineWatcher): Promise<void> {
  let idle = 0;
  while (idle < 2) idle = (await w.tick()) === 0 ? idle + 1 : 0;
}

describe('the deadline watcher', () => {
  it('never fires the same deadline twice when two instances claim the schedule at once', async () => {
    const schema = reporting.config.REPORTING_SCHEMA;
    const arose = new Date(reporting.clock.now().getTime() - 5 * MINUTE);
    for (let i = 0; i < INCIDENTS; i++) {
      // 一级: a phone flash and a paper flash, each with a reminder and a deadline.
      await grade(reporting.app, {
        incidentId: `watch-${i}`,
        orgUnit: 'cn.yn.km.yl',
        grade: { level: 'level-1', exceptional: false },
        aroseAt: arose,
        gradedAt: arose,
      });
    }
    // Between the reminders and the deadlines: each reminder is due now; then past every deadline.
    const clock = new AdjustableClock();
    clock.advance(21 * MINUTE);
    const a = watcher('watcher-a', clock);
    const b = watcher('watcher-b', clock);
    await Promise.all([drain(a), drain(b)]);
    clock.advance(60 * MINUTE);
    await Promise.all([drain(a), drain(b)]);

    const { rows: events } = await reporting.pool.query<{
      type: string;
      obligation: string;
      lead: number | null;
      n: number;
    }>(
      `select event_type as type, data->>'obligationId' as obligation, (data->>'leadMinutes')::int as lead, count(*)::int as n
         from ${schema}.events where event_type in ('reporting.ReportOverdue', 'reporting.ReportReminderDue')
          and stream_id like 'reporting-incident-watch-%' -- not another test's grades from the shared topics
        group by 1, 2, 3`,
    );
    const overdue = events.filter((e) => e.type === 'reporting.ReportOverdue');
    const reminders = events.filter((e) => e.type === 'reporting.ReportReminderDue');
    expect(overdue).toHaveLength(2 * INCIDENTS);
    // Only the phone flash's reminder (10 min before +30) came due while its deadline had not passed.
    expect(reminders).toHaveLength(INCIDENTS);
    expect(events.filter((e) => e.n !== 1)).toEqual([]);

    const { rows: schedule } = await reporting.pool.query<{
      fired_by: string | null;
      pending: number;
      n: number;
    }>(
      `select fired_by, count(*) filter (where fired_at is null)::int as pending, count(*)::int as n
         from ${schema}.deadlines where incident_id like 'watch-%' group by fired_by`,
    );
    expect(schedule.reduce((sum, row) => sum + row.pending, 0)).toBe(0);
    const byInstance = Object.fromEntries(schedule.map((row) => [row.fired_by ?? 'none', row.n]));
    expect(byInstance['watcher-a']).toBeGreaterThan(0);
    expect(byInstance['watcher-b']).toBeGreaterThan(0);
  }, 120_000);
});
