import request from 'supertest';
import type { Grant } from '@yuqing/auth';
import { receivedEvent, ConsumerHost } from '@yuqing/service-kit';
import { docxEntries, pdfText } from '@yuqing/documents/testing';
import { ProjectionRunner, uuidv7 } from '@yuqing/event-store';
import { schemeInForce } from '@yuqing/review-domain';
import { findingIdOf } from './record-facts/fact-recorder';
import { OrgUnitsHandler } from './record-facts/record-facts.handler';
import { deliverFact } from './testing/facts';
import { startReview, type ReviewTestApp } from './testing/review-app';

// The review as its users meet it, on real PostgreSQL and Kafka with real tokens: facts of other contexts
// delivered to its inbox as Kafka would, a late paper flash report becoming a 迟报 finding, the city ruling on it
// and the county answering, a quarter's ratings (and a draft scheme's what-if), an auditor's recomputation, the 通报
// read back, and who sees what. One app. Each test of findings and rulings scripts its own facts, in 2026-Q2; the
// ruled quarter the ratings, recomputation, 通报 and visibility tests read (2026-Q3) is built once before them.

// A city of this run's own (昆明市 in name): the review's tables outlive a run when the servers are reused, and a
// quarter's ratings cover every unit under the city.
const CITY = `cn.yn.r${uuidv7().slice(-8)}`;
const YL = `${CITY}.yl`; // 宜良县
const SL = `${CITY}.sl`; // 石林县
const FM = `${CITY}.fm`; // 富民县: no finding this quarter
const LZ = `${SL}.lz`; // a town identity never announced: the 通报 names it by its path
const QUARTER = '2026-Q3';
/** 09:00 Beijing time on 10 Aug 2026 (2026-Q3): when each opinion of the ruled quarter arose; minutes from here. */
const T0 = Date.parse('2026-08-10T09:00:00+08:00');
/** 09:00 Beijing time on 11 May 2026 (2026-Q2): when the findings and rulings tests' opinions arose. */
const T0_Q2 = Date.parse('2026-05-11T09:00:00+08:00');
const at = (minutes: number, from = T0) => new Date(from + minutes * 60_000);
const DAY = 86_400_000;
const L1 = { level: 'level-1', exceptional: false } as const;

let review: ReviewTestApp;

async function call(
  method: 'get' | 'post',
  path: string,
  as: [Grant['role'], string],
  body?: object,
): Promise<request.Response> {
  const req = request(review.app.getHttpServer())
    [method](path)
    .set('authorization', `Bearer ${await review.token(as[0], as[1])}`);
  return method === 'post' ? req.send(body ?? {}) : req;
}

const binary: Parameters<request.Test['parse']>[0] = (res, callback) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

async function download(path: string, as: [Grant['role'], string]): Promise<request.Response> {
  return request(review.app.getHttpServer())
    .get(path)
    .set('authorization', `Bearer ${await review.token(as[0], as[1])}`)
    .buffer(true)
    .parse(binary);
}

const reviewer: [Grant['role'], string] = ['internet-office', CITY];
const county: [Grant['role'], string] = ['internet-office', YL];

interface Scripted {
  readonly incidentId: string;
  readonly obligationId: string;
  readonly findingId: string;
  /** Ids of the obligation opened, the flash report, the fulfilment. */
  readonly events: { opened: string; report: string; fulfilled: string };
}

/**
 * One incident of `unit` owing a paper flash report within 60 minutes, graded 一级 when `graded`, and the report sent
 * by `dutyOfficer` after `sentAfter` minutes: the facts reporting and grading publish, delivered as Kafka would.
 */
async function paperFlashReport(
  unit: string,
  o: { sentAfter: number; dutyOfficer: string; graded?: boolean; startAt?: number; from?: number },
): Promise<Scripted> {
  const start = o.startAt ?? 0;
  const at = (minutes: number) => new Date((o.from ?? T0) + minutes * 60_000);
  const incidentId = uuidv7();
  const obligationId = uuidv7();
  const reportId = uuidv7();
  const events = { opened: uuidv7(), report: uuidv7(), fulfilled: uuidv7() };
  const dueAt = at(start + 60).toISOString();
  const fulfilledAt = at(start + o.sentAfter).toISOString();
  if (o.graded)
    await deliverFact(
      review.app,
      'grading.GradeConfirmed',
      { incidentId, proposalId: uuidv7(), grade: L1 },
      unit,
      {
        time: at(start + 2),
        actorId: `${unit}-grader`,
      },
    );
  await deliverFact(
    review.app,
    'reporting.ReportingObligationOpened',
    {
      obligationId,
      incidentId,
      kind: 'paper-flash',
      ...(o.graded ? { grade: L1 } : {}),
      reason: 'grade-in-force',
      recipientOrgUnitId: CITY,
      clockBasis: 'first-capture',
      clockStartedAt: at(start).toISOString(),
      dueAt,
      reminderLeadMinutes: [10],
      ruleSetVersion: 'reporting-rules@test',
    },
    unit,
    { time: at(start + 3), eventId: events.opened },
  );
  await deliverFact(
    review.app,
    'reporting.FlashReportSent',
    {
      reportId,
      obligationId,
      incidentId,
      method: 'paper',
      recipientOrgUnitId: CITY,
      sentAt: fulfilledAt,
      summary: '某路段塌陷，已有媒体关注。',
    },
    unit,
    { time: at(start + o.sentAfter), actorId: o.dutyOfficer, eventId: events.report },
  );
  await deliverFact(
    review.app,
    'reporting.ReportingObligationFulfilled',
    {
      obligationId,
      incidentId,
      kind: 'paper-flash',
      reportId,
      fulfilledAt,
      dueAt,
      onTime: o.sentAfter <= 60,
    },
    unit,
    { time: at(start + o.sentAfter), eventId: events.fulfilled },
  );
  const findingId = findingIdOf({ kind: 'late-report', subject: `obligation:${obligationId}` });
  return { incidentId, obligationId, findingId, events };
}

async function announce(
  orgUnit: string,
  parent: string | undefined,
  kind: string,
  name: string,
): Promise<void> {
  const event = receivedEvent(
    'identity.OrgUnitCreated',
    { orgUnit, ...(parent ? { parent } : {}), kind, name },
    orgUnit,
    {
      streamId: `identity-org-unit-${orgUnit}`,
    },
  );
  await review.app.get(ConsumerHost).deliver(OrgUnitsHandler, event);
}

/** The findings the caller sees, ids only, sorted. */
async function visibleFindings(as: [Grant['role'], string]): Promise<string[]> {
  const listed = await call('get', `/api/review/findings?period=${QUARTER}`, as);
  expect(listed.status).toBe(200);
  return (listed.body.findings as { findingId: string }[]).map((f) => f.findingId).sort();
}

/** A 2026-Q2 opinion of `unit` whose paper flash report came `sentAfter` minutes after it arose. */
const q2Report = (unit: string, sentAfter: number, dutyOfficer: string, graded = false) =>
  paperFlashReport(unit, { sentAfter, dutyOfficer, graded, from: T0_Q2 });

/** The findings of these incidents the caller sees, ids only, sorted. */
async function findingsOf(as: [Grant['role'], string], ...incidents: Scripted[]): Promise<object[]> {
  const listed = await call('get', '/api/review/findings', as);
  expect(listed.status).toBe(200);
  const ids = new Set(incidents.map((i) => i.incidentId));
  return (listed.body.findings as { incidentId: string }[]).filter((f) => ids.has(f.incidentId));
}

const confirm = (findingId: string, as: [Grant['role'], string], body: object) =>
  call('post', `/api/review/findings/${findingId}/confirmation`, as, body);

beforeAll(async () => {
  review = await startReview();
  await announce(CITY, 'cn.yn', 'city', '昆明市网信办');
  await announce(YL, CITY, 'county', '宜良县网信办');
  await announce(SL, CITY, 'county', '石林县网信办');
  await announce(FM, CITY, 'county', '富民县网信办');
}, 60_000);

afterAll(async () => {
  await review?.close();
});

describe('findings from the log', () => {
  it('finds one 迟报 in a late paper flash report, with its unit, person, article, severity and evidence, and none in one on time', async () => {
    const late = await q2Report(YL, 90, 'yl-duty-officer', true);
    const onTime = await q2Report(YL, 40, 'yl-duty-officer', true);

    expect(await findingsOf(reviewer, late, onTime)).toEqual([
      expect.objectContaining({
        findingId: late.findingId,
        kind: 'late-report',
        incidentId: late.incidentId,
        orgUnit: YL,
        personId: 'yl-duty-officer',
        severity: 'serious', // the 一级 grade in force when it was late
        period: '2026-Q2',
        status: 'pending',
        detector: 'late-report@1',
      }),
    ]);
    const one = await call('get', `/api/review/findings/${late.findingId}`, reviewer);
    expect(one.body.summary).toContain('迟报 30 分钟');
    expect((one.body.evidence as { eventId: string }[]).map((e) => e.eventId)).toEqual([
      late.events.opened,
      late.events.report,
      late.events.fulfilled,
    ]);
    const history = await call('get', `/api/review/findings/${late.findingId}/history`, ['auditor', CITY]);
    expect(history.body.events).toEqual([
      expect.objectContaining({
        type: 'review.FindingRecorded',
        data: expect.objectContaining({ article: '第二十八条', responsibleOrgUnitId: YL }),
      }),
    ]);
  });

  it('records nothing more when the fulfilment is delivered again', async () => {
    const late = await q2Report(YL, 90, 'yl-duty-officer');
    const again = await deliverFact(
      review.app,
      'reporting.ReportingObligationFulfilled',
      {
        obligationId: late.obligationId,
        incidentId: late.incidentId,
        kind: 'paper-flash',
        reportId: uuidv7(),
        fulfilledAt: at(90, T0_Q2).toISOString(),
        dueAt: at(60, T0_Q2).toISOString(),
        onTime: false,
      },
      YL,
      { time: at(90, T0_Q2), eventId: late.events.fulfilled },
    );
    expect(again).toBe(false);
    expect(await findingsOf(reviewer, late)).toEqual([
      expect.objectContaining({ findingId: late.findingId }),
    ]);
    const history = await call('get', `/api/review/findings/${late.findingId}/history`, reviewer);
    expect(history.body.events).toHaveLength(1);
  });
});

describe('rulings', () => {
  it('refuses bodies without a reason, with a reason too short, or with a field it does not know', async () => {
    const late = await q2Report(YL, 90, 'yl-duty-officer');
    expect((await confirm(late.findingId, reviewer, {})).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'reason' })],
    });
    expect((await confirm(late.findingId, reviewer, { reason: '属实' })).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'reason' })],
    });
    expect(
      (await confirm(late.findingId, reviewer, { reason: '经核实，迟报属实。', severity: 'general' })).body,
    ).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'severity' })],
    });
    // Nothing was ruled by the bad requests.
    expect((await call('get', `/api/review/findings/${late.findingId}`, reviewer)).body.status).toBe(
      'pending',
    );
  });

  it('lets the city confirm a county finding, not the county itself, and only once', async () => {
    const late = await q2Report(YL, 90, 'yl-duty-officer');
    expect((await confirm(late.findingId, county, { reason: '我县认定迟报属实。' })).body).toMatchObject({
      status: 403,
      rule: 'review.ruled-from-above',
    });
    const confirmed = await confirm(late.findingId, reviewer, { reason: '经核实，书面快报迟报 30 分钟。' });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toEqual({ findingId: late.findingId, version: 2 });
    const again = await call('post', `/api/review/findings/${late.findingId}/dismissal`, reviewer, {
      reason: '改为不予认定。',
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ rule: 'review.finding-ruled' });
  });

  it('takes the county’s explanation and appeal, and the city’s decision on it', async () => {
    const late = await q2Report(YL, 90, 'yl-duty-officer');
    expect(
      (await confirm(late.findingId, reviewer, { reason: '经核实，书面快报迟报 30 分钟。' })).status,
    ).toBe(201);
    const explained = await call('post', `/api/review/findings/${late.findingId}/explanations`, county, {
      explanation: '当日值班人员外出处置现场，书面快报延迟送达。',
    });
    expect(explained.status).toBe(201);
    const appealed = await call('post', `/api/review/findings/${late.findingId}/appeal`, county, {
      grounds: '电话快报已在时限内报送，书面快报仅为补充。',
    });
    expect(appealed.status).toBe(201);
    expect((await call('get', `/api/review/findings/${late.findingId}`, reviewer)).body.status).toBe(
      'appealed',
    );
    const decided = await call('post', `/api/review/findings/${late.findingId}/appeal-decision`, reviewer, {
      outcome: 'upheld',
      reason: '书面快报时限单独计算，维持认定。',
    });
    expect(decided.status).toBe(201);
    expect((await call('get', `/api/review/findings/${late.findingId}`, county)).body).toMatchObject({
      status: 'confirmed',
      explanation: '当日值班人员外出处置现场，书面快报延迟送达。',
      appealGrounds: '电话快报已在时限内报送，书面快报仅为补充。',
      appealOutcome: 'upheld',
      rulingReason: '书面快报时限单独计算，维持认定。',
    });
  });

  it('refuses an appeal once the appeal window has closed', async () => {
    const townLate = await q2Report(LZ, 75, 'lz-duty-officer');
    expect((await confirm(townLate.findingId, reviewer, { reason: '经核实，迟报属实。' })).status).toBe(201);
    review.clock.advance(16 * DAY); // the policy gives 15 days
    const tooLate = await call(
      'post',
      `/api/review/findings/${townLate.findingId}/appeal`,
      ['opinion-admin', LZ],
      {
        grounds: '当日系统故障，无法报送。',
      },
    );
    expect(tooLate.status).toBe(422);
    expect(tooLate.body).toMatchObject({ rule: 'review.appeal-too-late' });
  });
});

// The ruled quarter (2026-Q3) the tests below read: in 宜良县 a 一级 opinion's paper flash report 30 minutes late
// (confirmed) and another on time; in the town under 石林县 one 15 minutes late (confirmed); in 石林县 one 5 minutes
// late (dismissed); nothing in 富民县 or the city itself.
describe('a ruled quarter', () => {
  let late: Scripted;
  let townLate: Scripted;
  let slLate: Scripted;

  beforeAll(async () => {
    late = await paperFlashReport(YL, { sentAfter: 90, dutyOfficer: 'yl-duty-officer', graded: true });
    await paperFlashReport(YL, { sentAfter: 40, dutyOfficer: 'yl-duty-officer', graded: true, startAt: 600 });
    townLate = await paperFlashReport(LZ, { sentAfter: 75, dutyOfficer: 'lz-duty-officer', startAt: 1_000 });
    slLate = await paperFlashReport(SL, { sentAfter: 65, dutyOfficer: 'sl-duty-officer', startAt: 2_000 });
    expect(
      (await confirm(late.findingId, reviewer, { reason: '经核实，书面快报迟报 30 分钟。' })).status,
    ).toBe(201);
    expect((await confirm(townLate.findingId, reviewer, { reason: '经核实，迟报属实。' })).status).toBe(201);
    const dismissed = await call('post', `/api/review/findings/${slLate.findingId}/dismissal`, reviewer, {
      reason: '时限起算有误，不予认定。',
    });
    expect(dismissed.status).toBe(201);
  });

  const rateQuarter = () => call('post', '/api/review/ratings', reviewer, { orgUnit: CITY, period: QUARTER });

  describe('ratings', () => {
    it('rates each department of the city for the quarter: a dismissed finding does not count, a confirmed one bars 优秀', async () => {
      const computed = await rateQuarter();
      expect(computed.status).toBe(201);
      const byUnit = Object.fromEntries(
        (computed.body.ratings as { orgUnitId: string; rating: string; score: number }[]).map((r) => [
          r.orgUnitId,
          [r.rating, r.score],
        ]),
      );
      expect(byUnit).toEqual({
        [CITY]: ['excellent', 100],
        [YL]: ['qualified', 95], // 95 would be 优秀, but a confirmed 第二十八条 finding bars it
        [SL]: ['excellent', 100], // its finding was dismissed
        [FM]: ['excellent', 100],
        [LZ]: ['qualified', 98],
      });

      const yl = await call('get', `/api/review/ratings/${YL}/${QUARTER}`, county);
      expect(yl.status).toBe(200);
      expect(yl.body).toMatchObject({
        orgUnit: YL,
        period: QUARTER,
        schemeVersion: schemeInForce().version,
        score: 95,
        rating: 'qualified',
        excellentBarred: true,
        barredPersonIds: ['yl-duty-officer'],
        lines: [
          {
            findingId: late.findingId,
            kind: 'late-report',
            severity: 'serious',
            status: 'confirmed',
            points: 5,
            bars: true,
          },
        ],
      });
      const sl = await call('get', `/api/review/ratings/${SL}/${QUARTER}`, ['internet-office', SL]);
      expect(sl.body).toMatchObject({
        rating: 'excellent',
        excellentBarred: false,
        lines: [{ findingId: slLate.findingId, status: 'dismissed', points: 0, bars: false }],
      });
    });

    it('lists exactly the departments a heavier draft scheme would rate differently', async () => {
      expect((await rateQuarter()).status).toBe(201);
      const inForce = schemeInForce();
      const draft = {
        ...inForce,
        version: 'review-scheme@draft-heavier',
        points: { ...inForce.points, 'late-report': { general: 10, major: 15, serious: 30 } },
      };
      const whatIf = await call('post', '/api/review/ratings/what-if', reviewer, {
        orgUnit: CITY,
        period: QUARTER,
        scheme: draft,
      });
      expect(whatIf.status).toBe(200);
      expect(whatIf.body).toEqual({
        inForce: inForce.version,
        draft: draft.version,
        // Not 石林县 (its finding was dismissed), nor the city or 富民县 (no finding).
        changes: [
          {
            orgUnitId: LZ,
            current: { score: 98, rating: 'qualified', schemeVersion: inForce.version },
            draft: { score: 90, rating: 'qualified', schemeVersion: draft.version },
            ratingChanged: false,
          },
          {
            orgUnitId: YL,
            current: { score: 95, rating: 'qualified', schemeVersion: inForce.version },
            draft: { score: 70, rating: 'qualified', schemeVersion: draft.version },
            ratingChanged: false,
          },
        ],
      });
      // Nothing was recorded by it.
      expect((await call('get', `/api/review/ratings/${YL}/${QUARTER}`, county)).body.schemeVersion).toBe(
        inForce.version,
      );
    });
  });

  describe('recomputation', () => {
    const recompute = () =>
      call('get', `/api/review/periods/${QUARTER}/recompute?orgUnit=${CITY}`, ['auditor', CITY]);

    it('recomputes the quarter from zero to what is recorded, and names a fact changed behind the service’s back', async () => {
      expect((await rateQuarter()).status).toBe(201);
      const clean = await recompute();
      expect(clean.status).toBe(200);
      expect(clean.body).toEqual({
        period: QUARTER,
        orgUnit: CITY,
        findings: { recorded: 3, recomputed: 3, equal: true, differences: [] },
        ratings: { recorded: 5, equal: true, differences: [] },
      });

      const fulfilment = `update ${review.schema}.facts set data = jsonb_set(data, '{onTime}', $2::jsonb)
      where type = 'reporting.ReportingObligationFulfilled' and data->>'obligationId' = $1`;
      await review.pool.query(fulfilment, [late.obligationId, 'true']);
      try {
        const tampered = await recompute();
        expect(tampered.body.findings).toMatchObject({
          recorded: 3,
          recomputed: 2,
          equal: false,
          differences: [
            {
              findingId: late.findingId,
              problem: 'recorded-not-recomputed',
              recorded: expect.objectContaining({ kind: 'late-report', responsibleOrgUnitId: YL }),
            },
          ],
        });
      } finally {
        await review.pool.query(fulfilment, [late.obligationId, 'false']);
      }
      // Put back, the log and the facts agree again.
      expect((await recompute()).body.findings).toMatchObject({ equal: true, recomputed: 3 });
    });
  });

  describe('the 通报', () => {
    it('issues the quarter’s notice, naming each confirmed finding’s department and article; none for a quarter without', async () => {
      const none = await call('post', '/api/review/notices', reviewer, {
        orgUnit: CITY,
        period: '2026-Q1',
        documentNumber: '昆网管通〔2026〕3号',
      });
      expect(none.status).toBe(422);
      expect(none.body).toMatchObject({ rule: 'review.nothing-to-announce', field: 'period' });

      const issued = await call('post', '/api/review/notices', reviewer, {
        orgUnit: CITY,
        period: QUARTER,
        documentNumber: '昆网管通〔2026〕4号',
      });
      expect(issued.status).toBe(201);
      expect([...(issued.body.findingIds as string[])].sort()).toEqual(
        [late.findingId, townLate.findingId].sort(),
      );
      const { noticeId } = issued.body as { noticeId: string };

      // Read in the issuing unit and above: the city's auditor reads it, a county it names does not.
      const pdf = await download(`/api/review/notices/${noticeId}/document.pdf`, ['auditor', CITY]);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, '');
      expect(text).toContain('昆网管通〔2026〕4号');
      expect(text).toContain('宜良县网信办'); // its name, as identity announced it
      expect(text).toContain(LZ); // never announced: its path
      expect(text).toContain('第二十八条');
      expect(text).toContain('迟报');
      expect(text).not.toContain('石林县网信办'); // its only finding was dismissed

      expect((await download(`/api/review/notices/${noticeId}/document.pdf`, county)).status).toBe(403);

      const docx = await download(`/api/review/notices/${noticeId}/document.docx`, reviewer);
      expect(docx.status).toBe(200);
      expect(docx.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(docxEntries(docx.body as Buffer)['word/document.xml']).toContain('宜良县网信办');
    });
  });

  describe('who sees what', () => {
    it('shows a department its own findings and ratings and nobody else’s, an auditor of the city all of the city’s', async () => {
      expect((await rateQuarter()).status).toBe(201);
      const department: [Grant['role'], string] = ['principal-leader', YL];
      expect(await visibleFindings(department)).toEqual([late.findingId]);
      expect((await call('get', `/api/review/findings/${slLate.findingId}`, department)).status).toBe(403);
      const own = await call('get', `/api/review/ratings?period=${QUARTER}`, department);
      expect((own.body.ratings as { orgUnit: string }[]).map((r) => r.orgUnit)).toEqual([YL]);
      expect((await call('get', `/api/review/ratings/${SL}/${QUARTER}`, department)).status).toBe(403);

      const auditor: [Grant['role'], string] = ['auditor', CITY];
      expect(await visibleFindings(auditor)).toEqual(
        [late.findingId, townLate.findingId, slLate.findingId].sort(),
      );
      const all = await call('get', `/api/review/ratings?period=${QUARTER}`, auditor);
      expect((all.body.ratings as { orgUnit: string }[]).map((r) => r.orgUnit).sort()).toEqual(
        [CITY, FM, SL, LZ, YL].sort(),
      );

      const monitor: [Grant['role'], string] = ['monitor', YL];
      expect((await call('get', '/api/review/findings', monitor)).status).toBe(403);
      expect((await call('get', `/api/review/ratings/${YL}/${QUARTER}`, monitor)).status).toBe(403);
    });
  });
});

describe('read models', () => {
  it('keeps its read models equal to a rebuild from the events', async () => {
    const report = await review.app.get(ProjectionRunner).verify();
    expect({ verified: [...report.verified].sort(), differences: report.differences }).toEqual({
      verified: ['review.findings', 'review.notices', 'review.ratings'],
      differences: [],
    });
  });
});
