import { waitFor } from '@yuqing/testing';
import { startTestReporting, type TestReporting } from '../testing/reporting-app';

// `npm start` with YUQING_DEMO=1: countdowns at once, and one deadline overdue within the watcher's first rounds.
let reporting: TestReporting;

beforeAll(async () => {
  reporting = await startTestReporting({
    schemaPrefix: 'rep_demo',
    env: {
      YUQING_DEMO: '1',
    },
  });
});

afterAll(async () => {
  await reporting?.close();
});

it('loads demo obligations with running countdowns and turns the 一级 phone flash overdue', async () => {
  const schema = reporting.config.REPORTING_SCHEMA;
  await waitFor('the demo phone flash overdue', async () => {
    const { rows } = await reporting.pool.query(
      `select 1 from ${schema}.obligations where incident_id = 'demo-yl-road-collapse' and kind = 'phone-flash' and overdue_at is not null`,
    );
    return rows.length === 1;
  });
  // Only the demo's incidents: the shared test topics may carry another test's grades from just before this one.
  const { rows } = await reporting.pool.query<{ kind: string; pending: boolean }>(
    `select kind, due_at > now() as pending from ${schema}.obligations where incident_id like 'demo-%' order by due_at`,
  );
  expect(rows).toEqual([
    { kind: 'phone-flash', pending: false },
    { kind: 'paper-flash', pending: true },
    { kind: 'bulletin', pending: true },
    { kind: 'handling-result', pending: true },
  ]);
});
