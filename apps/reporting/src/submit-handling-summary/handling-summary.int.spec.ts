import request from 'supertest';
import { eventually, uniqueName } from '@yuqing/testing';
import { grade, startTestReporting, type TestReporting } from '../testing/reporting-app';

// 处置完…总结分析…上报 (篇一 二(二)) end to end: the county declares a 二级 incident's handling complete, the summary
// obligation opens with the policy's 3 days; a summary missing a part is refused naming it; a full one fulfils the
// obligation and is kept part by part for the case library. One declared and never summarised goes overdue.
const HOUR = 60 * 60_000;
const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
let reporting: TestReporting;

const api = () => request(reporting.app.getHttpServer());

interface ObligationRow {
  obligationId: string;
  kind: string;
  reason: string;
  recipientOrgUnitId: string;
  dueAt: string;
  standing: string;
  overdueAt: string | null;
}

const FULL = {
  whatHappened: '某小区停水三天，网民在论坛集中反映。',
  howHandled: '协调自来水公司抢修，县政府网回应。',
  lessons: '停水信息应提前公告。',
  outlook: '舆情平息，持续关注。',
};

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_summary' });
}, 60_000);

afterAll(async () => {
  await reporting?.close();
});

async function summaryObligation(incidentId: string): Promise<ObligationRow | undefined> {
  const response = await api()
    .get(`/api/reporting/obligations?incidentId=${incidentId}`)
    .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
    .expect(200);
  return (response.body.obligations as ObligationRow[]).find((o) => o.kind === 'handling-summary');
}

async function declared(
  incidentId: string,
): Promise<{ obligationId: string; dueAt: string; completedAt: Date }> {
  const now = reporting.clock.now();
  await grade(reporting.app, {
    incidentId,
    orgUnit: COUNTY,
    grade: { level: 'level-2', exceptional: false },
    aroseAt: now,
    gradedAt: now,
  });
  const completedAt = reporting.clock.now();
  const response = await api()
    .post(`/api/reporting/incidents/${incidentId}/handling-completions`)
    .set('authorization', `Bearer ${await reporting.token('spokesperson', COUNTY)}`)
    .send({ completedAt: completedAt.toISOString(), note: '供水恢复，网民情绪平复。' })
    .expect(201);
  return { ...(response.body as { obligationId: string; dueAt: string }), completedAt };
}

describe('处置总结: the handling summary is owed once the handling is complete', () => {
  it('opens the summary obligation, refuses a 二级 summary missing a part naming it, and is fulfilled by a full one', async () => {
    const incidentId = uniqueName('inc');
    const { obligationId, dueAt, completedAt } = await declared(incidentId);
    expect(Date.parse(dueAt)).toBe(completedAt.getTime() + 72 * HOUR);
    expect(await summaryObligation(incidentId)).toMatchObject({
      obligationId,
      reason: 'handling-completed',
      recipientOrgUnitId: CITY,
      standing: 'pending',
    });

    // Declared once only.
    const twice = await api()
      .post(`/api/reporting/incidents/${incidentId}/handling-completions`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
      .send({ completedAt: reporting.clock.now().toISOString() })
      .expect(422);
    expect(twice.body.rule).toBe('reporting.handling-already-completed');

    const admin = `Bearer ${await reporting.token('opinion-admin', COUNTY)}`;
    const { lessons: _lessons, ...withoutLessons } = FULL;
    const refused = await api()
      .post('/api/reporting/handling-summaries')
      .set('authorization', admin)
      .send({ obligationId, ...withoutLessons, submittedAt: reporting.clock.now().toISOString() })
      .expect(422);
    expect(refused.body).toMatchObject({ rule: 'reporting.summary-part-missing' });
    expect(JSON.stringify(refused.body)).toContain('lessons');
    expect(refused.body.detail).toContain('经验教训');

    const submitted = await api()
      .post('/api/reporting/handling-summaries')
      .set('authorization', admin)
      .send({ obligationId, ...FULL, submittedAt: reporting.clock.now().toISOString() })
      .expect(201);
    expect(submitted.body).toMatchObject({
      incidentId,
      obligation: { obligationId, status: 'fulfilled', onTime: true },
    });
    expect(await summaryObligation(incidentId)).toMatchObject({ standing: 'fulfilled' });

    const summaries = await api()
      .get(`/api/reporting/handling-summaries?incidentId=${incidentId}`)
      .set('authorization', `Bearer ${await reporting.token('leading-group-office', CITY)}`)
      .expect(200);
    expect(summaries.body.summaries).toEqual([
      expect.objectContaining({
        summaryId: submitted.body.summaryId,
        ...FULL,
        grade: { level: 'level-2', exceptional: false },
      }),
    ]);
  });

  it('records the summary overdue when the deadline passes without it, and refuses another unit’s declaration', async () => {
    const incidentId = uniqueName('inc');
    await declared(incidentId);
    reporting.clock.advance(73 * HOUR);
    const overdue = await eventually('the summary overdue', async () => {
      const o = await summaryObligation(incidentId);
      return o?.overdueAt ? o : undefined;
    });
    expect(overdue.standing).toBe('overdue');

    await api()
      .post(`/api/reporting/incidents/${incidentId}/handling-completions`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', 'cn.yn.km.sl')}`)
      .send({ completedAt: reporting.clock.now().toISOString() })
      .expect(403);
    await api()
      .post(`/api/reporting/incidents/${uniqueName('none')}/handling-completions`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
      .send({ completedAt: reporting.clock.now().toISOString() })
      .expect(404);
  });
});
