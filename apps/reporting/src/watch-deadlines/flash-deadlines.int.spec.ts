import { PostgresEventStore } from '@yuqing/event-store';
import { DEFAULT_REPORTING_POLICY } from '@yuqing/reporting-domain';
import { uniqueName } from '@yuqing/testing';
import { grade, startTestReporting, type TestReporting } from '../testing/reporting-app';
import { DeadlineWatcher } from './deadline-watcher';

// The 一级 flash deadlines as the running service keeps them (第十三条: phone flash 半小时内, paper flash 一小时内):
// the watcher, woken by a clock the test moves, records the phone flash overdue at the instant T0 + 30:00 and the
// paper flash at T0 + 60:00 (T0: when the opinion arose), not a second before.
const MINUTE = 60_000;
const SECOND = 1000;
let reporting: TestReporting;
let watcher: DeadlineWatcher;

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_flashdl', env: { DEADLINE_WATCHER: 'off' } });
  watcher = new DeadlineWatcher({
    store: reporting.app.get(PostgresEventStore),
    policy: DEFAULT_REPORTING_POLICY,
    clock: reporting.clock,
    instanceId: 'flash-deadlines-test',
  });
});

afterAll(async () => {
  await reporting?.close();
});

/** Moves the clock to `at` and lets the watcher work until nothing is left due then (the clock set before each round). */
async function wakeAt(at: Date): Promise<void> {
  for (let idle = 0; idle < 2;) {
    reporting.clock.set(at);
    idle = (await watcher.tick()) === 0 ? idle + 1 : 0;
  }
}

/** The kinds of report recorded overdue for the incident, in the order recorded. */
async function overdue(incidentId: string): Promise<string[]> {
  const { rows } = await reporting.pool.query<{ kind: string }>(
    `select data->>'kind' as kind from ${reporting.config.REPORTING_SCHEMA}.events
      where stream_id = $1 and event_type = 'reporting.ReportOverdue' order by stream_position`,
    [`reporting-incident-${incidentId}`],
  );
  return rows.map((r) => r.kind);
}

describe('the deadline watcher and the 一级 flash deadlines', () => {
  it('records the phone flash overdue at +30:00 (not at +29:59) and the paper flash at +60:00 (not at +59 or +59:59)', async () => {
    const incidentId = uniqueName('inc');
    // Whole seconds, so that T0 + 29:59 is one second before the deadline exactly.
    const arose = new Date(Math.floor(reporting.clock.now().getTime() / SECOND) * SECOND);
    await grade(reporting.app, {
      incidentId,
      orgUnit: 'cn.yn.km.yl',
      grade: { level: 'level-1', exceptional: false },
      aroseAt: arose,
      gradedAt: arose,
    });
    const after = (minutes: number, seconds = 0) =>
      new Date(arose.getTime() + minutes * MINUTE + seconds * SECOND);

    await wakeAt(after(29, 59));
    expect(await overdue(incidentId)).toEqual([]);

    await wakeAt(after(30));
    expect(await overdue(incidentId)).toEqual(['phone-flash']);

    await wakeAt(after(59));
    await wakeAt(after(59, 59));
    expect(await overdue(incidentId)).toEqual(['phone-flash']);

    await wakeAt(after(60));
    expect(await overdue(incidentId)).toEqual(['phone-flash', 'paper-flash']);

    await wakeAt(after(61));
    expect(await overdue(incidentId)).toEqual(['phone-flash', 'paper-flash']);
  });
});
