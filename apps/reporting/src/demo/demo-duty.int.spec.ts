import { eventually } from '@yuqing/testing';
import { startTestReporting, type TestReporting } from '../testing/reporting-app';

// `npm start` with YUQING_DEMO=1, 值班: 宜良县's roster has yl.monitor on duty now; the demo's overdue phone flash
// alerts the monitor on duty, and, unacknowledged for 5 minutes, escalates to the county's head (yl.leader).
let reporting: TestReporting;

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_demo_duty', env: { YUQING_DEMO: '1' } });
});

afterAll(async () => {
  await reporting?.close();
});

it('alerts the demo monitor on duty of the overdue phone flash and escalates it to the head unacknowledged', async () => {
  const schema = reporting.config.REPORTING_SCHEMA;
  const overdueAlert = async (status: string) => {
    const { rows } = await reporting.pool.query<{ monitors: string[]; head: string; alert_id: string }>(
      `select alert_id, monitors, head from ${schema}.duty_alerts
        where incident_id = 'demo-yl-road-collapse' and kind = 'phone-flash' and cause = 'overdue' and status = $1`,
      [status],
    );
    return rows[0];
  };
  const raised = await eventually('the overdue phone flash alerted to the monitor on duty', () =>
    overdueAlert('raised'),
  );
  expect(raised).toMatchObject({ monitors: ['yl.monitor'], head: 'yl.leader' });
  reporting.clock.advance(5 * 60_000);
  const escalated = await eventually('the alert escalated to the head', () => overdueAlert('escalated'));
  expect(escalated.alert_id).toBe(raised.alert_id);
});
