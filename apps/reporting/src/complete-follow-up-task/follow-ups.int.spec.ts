import request from 'supertest';
import { eventually, uniqueName } from '@yuqing/testing';
import { grade, startTestReporting, type TestReporting } from '../testing/reporting-app';

// 督办 end to end (第十七条, 全程跟踪督办): the city signs a county's 《网上舆情》 off with instructions that open two
// follow-up tasks; the county completes one with its result and evidence, it closes; the other is not completed,
// the loop watcher records it overdue on the test clock, and the city's supervision office (督办室) lists it.
const HOUR = 60 * 60_000;
const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
let reporting: TestReporting;

const api = () => request(reporting.app.getHttpServer());

interface TaskRow {
  taskId: string;
  incidentId: string;
  description: string;
  assigneeOrgUnitId: string;
  dueAt: string | null;
  standing: string;
  result: string | null;
  evidence: unknown;
  overdueAt: string | null;
}

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_followup' });
}, 60_000);

afterAll(async () => {
  await reporting?.close();
});

async function ledger(query = ''): Promise<TaskRow[]> {
  const response = await api()
    .get(`/api/reporting/supervision/tasks${query}`)
    .set('authorization', `Bearer ${await reporting.token('supervision-office', CITY)}`)
    .expect(200);
  return response.body.tasks as TaskRow[];
}

/** given: a 二级 incident of the county whose bulletin the city signed off with two tasks. */
async function signedOff(
  incidentId: string,
): Promise<{ byInstruction: string; byPolicy: string; signedAt: Date }> {
  const admin = `Bearer ${await reporting.token('opinion-admin', COUNTY)}`;
  const now = reporting.clock.now();
  await grade(reporting.app, {
    incidentId,
    orgUnit: COUNTY,
    grade: { level: 'level-2', exceptional: false },
    aroseAt: now,
    gradedAt: now,
  });
  const obligations = await api()
    .get(`/api/reporting/obligations?incidentId=${incidentId}`)
    .set('authorization', admin)
    .expect(200);
  const bulletin = (obligations.body.obligations as { kind: string; obligationId: string }[]).find(
    (o) => o.kind === 'bulletin',
  )!;
  const submitted = await api()
    .post('/api/reporting/bulletins')
    .set('authorization', admin)
    .send({
      obligationId: bulletin.obligationId,
      title: '宜良县某小区连续停水引发关注',
      body: '一、基本情况。',
      recipientOrgUnitId: CITY,
      submittedAt: now.toISOString(),
    })
    .expect(201);
  const signOff = await api()
    .post(`/api/reporting/bulletins/${submitted.body.reportId}/sign-offs`)
    .set('authorization', `Bearer ${await reporting.token('principal-leader', CITY)}`)
    .send({
      instructions: '请宜良县今日内恢复供水，并在网上回应网民关切。',
      signedOffAt: now.toISOString(),
      tasks: [
        { description: '今日内恢复供水', dueAt: new Date(now.getTime() + 10 * HOUR).toISOString() },
        { description: '网上回应网民关切' },
      ],
    })
    .expect(201);
  const [byInstruction, byPolicy] = signOff.body.taskIds as string[];
  return { byInstruction: byInstruction!, byPolicy: byPolicy!, signedAt: now };
}

describe('督办: follow-up tasks opened by a sign-off are tracked to the end', () => {
  it('closes a task completed with a result and evidence; one not completed goes overdue and the supervision office lists it', async () => {
    const incidentId = uniqueName('inc');
    const { byInstruction, byPolicy, signedAt } = await signedOff(incidentId);

    // Owned by the county, due by the instruction's date, else the policy's 48 hours.
    const tracked = Object.fromEntries((await ledger(`?incidentId=${incidentId}`)).map((t) => [t.taskId, t]));
    expect(tracked[byInstruction]).toMatchObject({ assigneeOrgUnitId: COUNTY, standing: 'open' });
    expect(Date.parse(tracked[byInstruction]!.dueAt!)).toBe(signedAt.getTime() + 10 * HOUR);
    expect(Date.parse(tracked[byPolicy]!.dueAt!)).toBe(signedAt.getTime() + 48 * HOUR);

    // The county completes the first, with its result and evidence: it closes, on time.
    const admin = `Bearer ${await reporting.token('opinion-admin', COUNTY)}`;
    const missing = await api()
      .post(`/api/reporting/follow-up-tasks/${byInstruction}/completions`)
      .set('authorization', admin)
      .send({ result: '已恢复供水。', evidence: [], completedAt: reporting.clock.now().toISOString() })
      .expect(422);
    expect(missing.body).toMatchObject({ rule: 'reporting.task-evidence-required' });
    const completed = await api()
      .post(`/api/reporting/follow-up-tasks/${byInstruction}/completions`)
      .set('authorization', admin)
      .send({
        result: '已于当日18时恢复供水。',
        evidence: [{ description: '恢复供水公告', url: 'https://www.ylx.gov.cn/notice/1' }],
        completedAt: reporting.clock.now().toISOString(),
      })
      .expect(201);
    expect(completed.body).toEqual({ taskId: byInstruction, incidentId, onTime: true });

    // Two days on, the second was never completed: the watcher records it overdue, the ledger lists it to chase.
    reporting.clock.advance(49 * HOUR);
    const overdue = await eventually('the overdue task in the ledger', async () =>
      (await ledger('?standing=overdue')).find((t) => t.taskId === byPolicy && t.overdueAt !== null),
    );
    expect(overdue).toMatchObject({ incidentId, assigneeOrgUnitId: COUNTY, description: '网上回应网民关切' });
    const closed = (await ledger(`?incidentId=${incidentId}&standing=completed`)).map((t) => t.taskId);
    expect(closed).toEqual([byInstruction]);
    const { rows } = await reporting.pool.query<{ task: string; n: number }>(
      `select data->>'taskId' as task, count(*)::int as n from ${reporting.config.REPORTING_SCHEMA}.events
        where stream_id = $1 and event_type = 'reporting.FollowUpTaskOverdue' group by 1`,
      [`reporting-incident-${incidentId}`],
    );
    expect(rows).toEqual([{ task: byPolicy, n: 1 }]);

    // A monitor does not read the ledger; a second completion is refused with its rule.
    await api()
      .get('/api/reporting/supervision/tasks')
      .set('authorization', `Bearer ${await reporting.token('monitor', CITY)}`)
      .expect(403);
    const again = await api()
      .post(`/api/reporting/follow-up-tasks/${byInstruction}/completions`)
      .set('authorization', admin)
      .send({
        result: '补充。',
        evidence: [{ description: '截图' }],
        completedAt: reporting.clock.now().toISOString(),
      })
      .expect(422);
    expect(again.body.rule).toBe('reporting.task-already-completed');
  });
});
