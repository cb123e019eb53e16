import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { TokenSigner, type Grant } from '@yuqing/auth';
import { archiveStreams } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { uniqueName } from '@yuqing/testing';
import { fileEvents, sourceEvent } from '../testing/cases';
import { startArchive, type ArchiveTestApp } from '../testing/archive-app';

// Auditors' view of an incident at any instant, over HTTP with real tokens, on the real module, PostgreSQL and
// Kafka: a 一级 incident filed as the consumers would, closed by its office, then read as of three instants.
const schema = uniqueName('archive_asof');
const unit = `cn.yn.km.a${schema.slice(-8)}`;
const sibling = `cn.yn.km.b${schema.slice(-8)}`;
const minute = 60_000;
let archive: ArchiveTestApp;
let app: INestApplication;
let signer: TokenSigner;
let pool: Pool;

async function get(path: string, role: Grant['role'] = 'auditor', orgUnit = unit) {
  const token = await signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
  return request(app.getHttpServer()).get(`/api/archive${path}`).set('authorization', `Bearer ${token}`);
}

const iso = (ms: number) => new Date(ms).toISOString();
const L1 = { level: 'level-1', exceptional: false } as const;
/** The incident began two days ago, so everything of it is in the past when it is closed now. */
const T = Date.now() - 2 * 24 * 60 * minute;
const at = (minutes: number) => new Date(T + minutes * minute);

/** Detected; 一级 proposed with phone and paper flash obligations; confirmed; phone flash at +30, paper at +62. */
async function incident(): Promise<string> {
  const incidentId = uuidv7();
  const obligation = (obligationId: string, kind: string, due: number) => ({
    incidentId,
    obligationId,
    kind,
    grade: L1,
    dueAt: iso(T + due * minute),
    provisional: true,
  });
  const fulfilled = (obligationId: string, kind: string, due: number, m: number) => ({
    incidentId,
    obligationId,
    kind,
    reportId: uuidv7(),
    dueAt: iso(T + due * minute),
    fulfilledAt: iso(T + m * minute),
    onTime: true,
  });
  await fileEvents(app, incidentId, unit, [
    sourceEvent(
      'ingestion.IncidentDetected',
      { incidentId, title: '宜良县某镇自来水浑浊', itemIds: [uuidv7()] },
      at(0),
    ),
    sourceEvent(
      'grading.GradeProposed',
      { incidentId, proposalId: 'prop-1', grade: L1, rationale: '央媒关注' },
      at(5),
    ),
    sourceEvent('reporting.ReportingObligationOpened', obligation('ob-phone', 'phone-flash', 35), at(5)),
    sourceEvent('reporting.ReportingObligationOpened', obligation('ob-paper', 'paper-flash', 65), at(5)),
    sourceEvent('grading.GradeConfirmed', { incidentId, proposalId: 'prop-1', grade: L1 }, at(20)),
    sourceEvent(
      'reporting.ReportingObligationFulfilled',
      fulfilled('ob-phone', 'phone-flash', 35, 30),
      at(30),
    ),
    sourceEvent('guidance.WordingApproved', { incidentId, wordingId: 'w-1', version: 1 }, at(45)),
    sourceEvent(
      'reporting.ReportingObligationFulfilled',
      fulfilled('ob-paper', 'paper-flash', 65, 62),
      at(62),
    ),
  ]);
  return incidentId;
}

beforeAll(async () => {
  archive = await startArchive(schema);
  ({ app, pool, signer } = archive);
}, 60_000);

afterAll(async () => {
  await archive?.close();
});

describe('as of an instant (audit.replay)', () => {
  it('answers the state before grading, between the phone and the paper flash report, and after closure', async () => {
    const incidentId = await incident();

    const before = await get(`/incidents/${incidentId}/as-of?at=${encodeURIComponent(iso(T + 10 * minute))}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      caseId: incidentId,
      status: 'open',
      title: '宜良县某镇自来水浑浊',
      grade: null,
      openProposal: { proposalId: 'prop-1', level: 'level-1' },
      approvedWording: null,
      entries: 4,
    });
    expect(before.body.obligations).toEqual([
      expect.objectContaining({ obligationId: 'ob-phone', status: 'pending', provisional: true }),
      expect.objectContaining({ obligationId: 'ob-paper', status: 'pending', provisional: true }),
    ]);

    const between = await get(
      `/incidents/${incidentId}/as-of?at=${encodeURIComponent(iso(T + 50 * minute))}`,
    );
    expect(between.body).toMatchObject({
      grade: { level: 'level-1', exceptional: false, by: 'confirmed', since: iso(T + 20 * minute) },
      openProposal: null,
      approvedWording: { wordingId: 'w-1', version: 1 },
      entries: 7,
    });
    expect(between.body.obligations).toEqual([
      expect.objectContaining({ obligationId: 'ob-phone', status: 'fulfilled', onTime: true }),
      expect.objectContaining({ obligationId: 'ob-paper', status: 'pending', dueAt: iso(T + 65 * minute) }),
    ]);

    // The office closes the 一级 case with its summary now, two days after it began.
    const office = await signer.sign({
      subject: 'office-1',
      kind: 'user',
      grants: [{ grantId: uniqueName('g'), role: 'internet-office', orgUnit: unit }],
      scopes: [],
    });
    const closed = await request(app.getHttpServer())
      .post(`/api/archive/cases/${incidentId}/closures`)
      .set('authorization', `Bearer ${office}`)
      .send({
        category: '民生诉求',
        summary: {
          whatHappened: '某镇自来水浑浊，网民发帖集中反映。',
          handling: '水务部门排查管网，发布水质检测结果。',
          lessons: '水质信息应及时公开。',
          outlook: '舆情平息，持续关注。',
        },
      });
    expect(closed.status).toBe(201);

    const after = await get(
      `/incidents/${incidentId}/as-of?at=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(after.body).toMatchObject({ status: 'closed', entries: 8, grade: { level: 'level-1' } });
    expect(after.body.obligations.map((o: { status: string }) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
  });

  it('lists the timeline between two instants in the order things happened, a page at a time', async () => {
    const incidentId = await incident();
    const range = `from=${encodeURIComponent(iso(T))}&to=${encodeURIComponent(iso(T + 30 * minute))}`;
    const all = await get(`/incidents/${incidentId}/timeline?${range}`);
    expect(all.status).toBe(200);
    expect(all.body.timeline.map((i: { kind: string }) => i.kind)).toEqual([
      'incident-detected',
      'grade-proposed',
      'obligation-opened',
      'obligation-opened',
      'grade-in-force',
      'obligation-closed',
    ]);
    expect(all.body.timeline[4].source).toMatchObject({
      context: 'grading',
      eventType: 'grading.GradeConfirmed',
    });
    const first = await get(`/incidents/${incidentId}/timeline?${range}&limit=4`);
    expect(first.body.timeline).toHaveLength(4);
    const rest = await get(`/incidents/${incidentId}/timeline?${range}&limit=4&after=${first.body.next}`);
    expect(rest.body.timeline.map((i: { kind: string }) => i.kind)).toEqual([
      'grade-in-force',
      'obligation-closed',
    ]);
    expect(rest.body.next).toBeUndefined();
  });

  it('records every as-of read in the case file’s access record', async () => {
    const incidentId = await incident();
    await get(`/incidents/${incidentId}/as-of?at=${encodeURIComponent(iso(T + 10 * minute))}`);
    const { rows } = await pool.query<{ purpose: string; reader_id: string }>(
      `select data->>'purpose' as purpose, metadata->'actor'->>'id' as reader_id
         from ${schema}.events where stream_id = $1 and event_type = 'archive.CaseFileAccessed'`,
      [archiveStreams.case.id(incidentId)],
    );
    expect(rows).toEqual([{ purpose: 'as-of', reader_id: 'auditor-1' }]);
  });

  it('refuses a bad instant (400), an unknown case (404), another role (403) and another unit’s auditor (403)', async () => {
    const incidentId = await incident();
    const bad = await get(`/incidents/${incidentId}/as-of?at=yesterday`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('at');
    expect((await get(`/incidents/${incidentId}/as-of`)).status).toBe(400);
    const reversed = `from=${encodeURIComponent(iso(T + minute))}&to=${encodeURIComponent(iso(T))}`;
    expect((await get(`/incidents/${incidentId}/timeline?${reversed}`)).status).toBe(400);
    expect((await get(`/incidents/${uuidv7()}/as-of?at=${encodeURIComponent(iso(T))}`)).status).toBe(404);
    const ok = `at=${encodeURIComponent(iso(T))}`;
    expect((await get(`/incidents/${incidentId}/as-of?${ok}`, 'internet-office')).status).toBe(403);
    expect((await get(`/incidents/${incidentId}/as-of?${ok}`, 'auditor', sibling)).status).toBe(403);
    // Refused requests read nothing, so they left no read behind.
    const { rows } = await pool.query(
      `select 1 from ${schema}.events where stream_id = $1 and event_type = 'archive.CaseFileAccessed'`,
      [archiveStreams.case.id(incidentId)],
    );
    expect(rows).toHaveLength(0);
  });
});
