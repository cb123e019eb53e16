import type { Kafka } from 'kafkajs';
import request from 'supertest';
import { uuidv7 } from '@yuqing/event-store';
import { pdfText } from '@yuqing/reporting-documents/testing';
import { KAFKA } from '@yuqing/service-kit';
import { eventually } from '@yuqing/testing';
import { publish } from '../testing/publish';
import { startTestReporting, type TestReporting } from '../testing/reporting-app';

// What grading decides beyond a grade in force, through the real topics: a 一级 proposal owes the flash reports from
// when the opinion arose (第十三条) until the authority sets a lower grade; a 伪舆情 judgement withdraws what is
// owed, citing itself, and a genuine one restores it; categories reach the bulletin. The service's own clock
// (AdjustableClock) and deadline watcher.
const MINUTE = 60_000;
const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const L1 = { level: 'level-1', exceptional: false } as const;
const L2 = { level: 'level-2', exceptional: false } as const;
let reporting: TestReporting;
let kafka: Kafka;
// Each test waits on consumers of shared topics (see `until`), once or twice.
jest.setTimeout(200_000);

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_grading', env: { DEADLINE_WATCHER: 'on' } });
  kafka = reporting.app.get<Kafka>(KAFKA);
}, 60_000);

afterAll(async () => {
  await reporting?.close();
});

function captured(incidentId: string, capturedAt: Date) {
  const itemId = uuidv7();
  return [
    {
      type: 'ingestion.ItemCaptured',
      streamId: `ingestion-item-${itemId}`,
      orgUnit: COUNTY,
      data: {
        itemId,
        url: `https://www.people.com.cn/n1/${itemId}.html`,
        platform: 'news-site',
        reachTier: 'central-media',
        outlet: '人民网',
        title: '宜良县城区路面塌陷',
        text: '人民网报道宜良县城区路面塌陷。',
        captureMethod: 'crawler',
        capturedAt: capturedAt.toISOString(),
        contentHash: 'a'.repeat(64),
        canonicalUrl: `https://www.people.com.cn/n1/${itemId}.html`,
        fingerprint: '0123456789abcdef',
        matchedRules: [],
        matchedTerms: [],
        sentiment: { polarity: 'negative', score: -0.5, decidingWords: [] },
      },
    },
    {
      type: 'ingestion.IncidentDetected',
      streamId: `ingestion-incident-${incidentId}`,
      orgUnit: COUNTY,
      data: {
        incidentId,
        title: '宜良县城区路面塌陷',
        itemIds: [itemId],
        detectedAt: capturedAt.toISOString(),
      },
    },
  ];
}

const grading = (incidentId: string, type: string, data: Record<string, unknown>) => ({
  type: `grading.${type}`,
  streamId: `grading-incident-${incidentId}`,
  orgUnit: COUNTY,
  data: { incidentId, ...data },
});

const proposed = (incidentId: string, proposalId: string) =>
  grading(incidentId, 'GradeProposed', {
    proposalId,
    grade: L1,
    criteria: ['central-media'],
    evidence: [{ kind: 'item', id: 'item-1' }],
    ruleSetVersion: 'grading-rules@2026-01',
  });

const judged = (incidentId: string, verdict: 'genuine' | 'fabricated') =>
  grading(incidentId, 'GenuinenessJudged', {
    verdict,
    basis: verdict === 'fabricated' ? '经核实，系网民编造的不实信息。' : '复核：事件属实。',
    evidence: [{ kind: 'item', id: 'item-1' }],
  });

interface Row {
  kind: string;
  status: string;
  provisional: boolean;
  reason: string;
  clock_started_at: Date;
  due_at: Date;
  overdue_at: Date | null;
  cancelled_reason: string | null;
  cancelled_by: string | null;
}

function obligations(incidentId: string): Promise<Row[]> {
  return reporting.pool
    .query<Row>(
      `select kind, status, provisional, reason, clock_started_at, due_at, overdue_at, cancelled_reason, cancelled_by
         from ${reporting.config.REPORTING_SCHEMA}.obligations where incident_id = $1 order by due_at`,
      [incidentId],
    )
    .then((r) => r.rows);
}

/** The shared test topics carry every parallel run's events: under load the consumers may lag by many seconds. */
function until(incidentId: string, what: string, done: (rows: Row[]) => boolean): Promise<Row[]> {
  return eventually(
    what,
    async () => {
      const rows = await obligations(incidentId);
      return done(rows) ? rows : undefined;
    },
    90_000,
  );
}

describe('第十三条 and 伪舆情: obligations follow grading’s proposals and judgements', () => {
  it('第十三条: a 一级 proposal set to 二级 by the authority at +20 minutes has its flash reports cancelled with that decision as the reason', async () => {
    const incidentId = uuidv7();
    await publish(kafka, [...captured(incidentId, reporting.clock.now()), proposed(incidentId, uuidv7())]);
    const provisional = await until(incidentId, 'the provisional flash reports', (rows) => rows.length === 2);
    expect(provisional.map((r) => [r.kind, r.status, r.provisional, r.reason])).toEqual([
      ['phone-flash', 'open', true, 'grade-proposed'],
      ['paper-flash', 'open', true, 'grade-proposed'],
    ]);

    reporting.clock.advance(20 * MINUTE);
    const [override] = await publish(kafka, [
      grading(incidentId, 'GradeOverridden', {
        proposalId: uuidv7(),
        proposedGrade: L1,
        grade: L2,
        reason: '经核实，仅为省内媒体转载，定为二级。',
      }),
    ]);

    const rows = await until(incidentId, 'the cancellation and the bulletin', (r) => r.length === 3);
    expect(rows.map((r) => [r.kind, r.status, r.cancelled_reason, r.cancelled_by])).toEqual([
      ['phone-flash', 'cancelled', 'grade-changed', override!.eventId],
      ['paper-flash', 'cancelled', 'grade-changed', override!.eventId],
      ['bulletin', 'open', null, null],
    ]);
  });

  it('第十三条: confirming the 一级 proposal makes the same obligations firm, with no second set', async () => {
    const incidentId = uuidv7();
    const arose = reporting.clock.now();
    const proposalId = uuidv7();
    await publish(kafka, [...captured(incidentId, arose), proposed(incidentId, proposalId)]);
    await until(incidentId, 'the provisional flash reports', (rows) => rows.length === 2);

    await publish(kafka, [grading(incidentId, 'GradeConfirmed', { proposalId, grade: L1 })]);

    const rows = await until(incidentId, 'firm', (r) => r.every((o) => !o.provisional));
    expect(rows.map((r) => [r.kind, r.status, r.clock_started_at.toISOString()])).toEqual([
      ['phone-flash', 'open', arose.toISOString()],
      ['paper-flash', 'open', arose.toISOString()],
    ]);
  });

  it('伪舆情: an incident judged fabricated has no open obligations afterwards, each cancellation citing the judgement; judged genuine again they are owed on their clocks', async () => {
    const incidentId = uuidv7();
    const arose = reporting.clock.now();
    await publish(kafka, [
      ...captured(incidentId, arose),
      grading(incidentId, 'GradeConfirmed', { proposalId: uuidv7(), grade: L1 }),
    ]);
    await until(incidentId, 'the flash reports', (rows) => rows.length === 2);

    const [fabricated] = await publish(kafka, [judged(incidentId, 'fabricated')]);

    const cancelled = await until(incidentId, 'all withdrawn', (r) =>
      r.every((o) => o.status === 'cancelled'),
    );
    expect(cancelled.map((r) => [r.kind, r.cancelled_reason, r.cancelled_by])).toEqual([
      ['phone-flash', 'judged-fabricated', fabricated!.eventId],
      ['paper-flash', 'judged-fabricated', fabricated!.eventId],
    ]);

    await publish(kafka, [judged(incidentId, 'genuine')]);

    const reopened = await until(incidentId, 'owed again', (r) => r.every((o) => o.status === 'open'));
    expect(reopened.map((r) => [r.kind, r.due_at.toISOString()])).toEqual([
      ['phone-flash', new Date(arose.getTime() + 30 * MINUTE).toISOString()],
      ['paper-flash', new Date(arose.getTime() + 60 * MINUTE).toISOString()],
    ]);
  });

  it('prints grading’s category on the 《网上舆情》 bulletin instead of 未分类', async () => {
    const incidentId = uuidv7();
    await publish(kafka, [
      ...captured(incidentId, reporting.clock.now()),
      grading(incidentId, 'IncidentCategorised', { categories: ['livelihood', 'social-governance'] }),
      grading(incidentId, 'GradeConfirmed', { proposalId: uuidv7(), grade: L2 }),
    ]);
    await until(incidentId, 'the bulletin obligation', (rows) => rows.length === 1);
    const token = await reporting.token('opinion-admin');
    const api = () => request(reporting.app.getHttpServer());
    const { body: listed } = await api()
      .get(`/api/reporting/obligations?incidentId=${incidentId}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    const submitted = await api()
      .post('/api/reporting/bulletins')
      .set('authorization', `Bearer ${token}`)
      .send({
        obligationId: (listed.obligations as { obligationId: string }[])[0]!.obligationId,
        title: '关于网传宜良县城区路面塌陷的舆情',
        body: '一、基本情况：……',
        recipientOrgUnitId: CITY,
        submittedAt: reporting.clock.now().toISOString(),
      })
      .expect(201);

    const pdf = await api()
      .get(`/api/reporting/bulletins/${submitted.body.reportId as string}/document.pdf`)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);

    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, '');
    expect(text).toContain('民生民利、社会治理');
    expect(text).not.toContain('未分类');
  });

  // Last: it moves the service's clock an hour on.
  it('第十三条: an incident proposed 一级 and never confirmed is overdue for its phone flash at +30 minutes and its paper flash at +60', async () => {
    const incidentId = uuidv7();
    await publish(kafka, [...captured(incidentId, reporting.clock.now()), proposed(incidentId, uuidv7())]);
    await until(incidentId, 'the provisional flash reports', (rows) => rows.length === 2);

    reporting.clock.advance(31 * MINUTE);
    const afterPhone = await until(incidentId, 'the phone flash overdue', (r) => r[0]!.overdue_at !== null);
    expect(afterPhone.map((r) => [r.kind, r.overdue_at !== null])).toEqual([
      ['phone-flash', true],
      ['paper-flash', false],
    ]);

    reporting.clock.advance(30 * MINUTE);
    const afterPaper = await until(incidentId, 'the paper flash overdue', (r) => r[1]!.overdue_at !== null);
    expect(afterPaper.map((r) => [r.kind, r.status, r.provisional, r.overdue_at !== null])).toEqual([
      ['phone-flash', 'open', true, true],
      ['paper-flash', 'open', true, true],
    ]);
  });
});
