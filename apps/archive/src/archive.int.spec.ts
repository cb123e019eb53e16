import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { TokenSigner, type Grant } from '@yuqing/auth';
import { eventCatalogue, type EventMetadata, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner, uuidv7 } from '@yuqing/event-store';
import { toMessage } from '@yuqing/messaging';
import { ConsumerHost } from '@yuqing/service-kit';
import { CommandBus } from '@nestjs/cqrs';
import { uniqueName, waitFor } from '@yuqing/testing';
import { loadDemo } from './demo/demo-loader';
import { startArchive, type ArchiveTestApp } from './testing/archive-app';

// The case file (案卷) as offices and auditors see it: other contexts' events published on their real Kafka topics
// as their relays would (with their hash-chain hash), filed by the archive's consumers on real PostgreSQL, read
// and closed over HTTP with real tokens.
const schema = uniqueName('archive');
const unit = `cn.yn.km.t${schema.slice(-8)}`;
const sibling = `cn.yn.km.s${schema.slice(-8)}`;
const minute = 60_000;
let archive: ArchiveTestApp;
let app: INestApplication;
let signer: TokenSigner;
let kafka: Kafka;
let pool: Pool;

async function token(role: Grant['role'], orgUnit = unit, subject = `${role}-1`): Promise<string> {
  return signer.sign({
    subject,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

const api = {
  async get(path: string, role: Grant['role'] = 'internet-office', orgUnit = unit) {
    return request(app.getHttpServer())
      .get(`/api/archive${path}`)
      .set('authorization', `Bearer ${await token(role, orgUnit)}`);
  },
  async post(path: string, body: unknown, role: Grant['role'] = 'internet-office', orgUnit = unit) {
    return request(app.getHttpServer())
      .post(`/api/archive${path}`)
      .set('authorization', `Bearer ${await token(role, orgUnit)}`)
      .send(body as object);
  },
};

let position = 0;
/** Publishes one event of another context, as its relay does: CloudEvents headers, tenant, its chain hash. */
async function publish(type: string, data: Record<string, unknown>, orgUnit = unit): Promise<RecordedEvent> {
  const definition = eventCatalogue.get(type, 1);
  const context = type.split('.')[0]!;
  const metadata: EventMetadata = {
    orgUnit,
    actor: { kind: 'service', id: context },
    correlationId: uuidv7(),
  };
  position++;
  const event: RecordedEvent = {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    streamId: `${context}-incident-${String(data['incidentId'] ?? data['itemId'])}`,
    streamPosition: position,
    globalPosition: String(position),
    transactionId: String(position),
    data: definition.parse(data),
    metadata,
    recordedAt: new Date(),
    hash: Buffer.from(uuidv7().replace(/-/g, '').repeat(2), 'hex').toString('hex'),
  };
  await resend(event);
  return event;
}

/** Sends a recorded event (again), as its context's relay would. */
async function resend(event: RecordedEvent): Promise<void> {
  const context = event.type.split('.')[0]!;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic: eventCatalogue.get(event.type, 1).topic,
      acks: -1,
      messages: [toMessage(event, `/yuqing/${context}`)],
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Waits until the case has filed every event given and holds an entry of every kind given (each filing commits
 * with its inbox row; no sleeps). Waiting on what was sent, not on a count, keeps a spec right when another test's
 * services publish about the same topics meanwhile.
 */
async function filed(
  caseId: string,
  expected: { readonly events?: readonly RecordedEvent[]; readonly kinds?: readonly string[] },
): Promise<void> {
  await waitFor(`case ${caseId} to file what was sent`, async () => {
    const { rows } = await pool.query<{ kind: string; source: string }>(
      `select entry_kind as kind, source_event_id as source from ${schema}.case_entries where case_id = $1`,
      [caseId],
    );
    const sources = new Set(rows.map((row) => row.source));
    const kinds = new Set(rows.map((row) => row.kind));
    return (
      (expected.events ?? []).every((event) => sources.has(event.eventId)) &&
      (expected.kinds ?? []).every((kind) => kinds.has(kind))
    );
  });
}

/** The detection and both items of an incident made by `incident()`. */
const DETECTED = ['incident-detected', 'item', 'media-report'] as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** An incident with one forum post and a 云南网 report, detected in `orgUnit`. */
async function incident(orgUnit = unit, title = '宜良县城区路面塌陷多日无人管') {
  const incidentId = uuidv7();
  const items = [
    { itemId: uuidv7(), reachTier: 'local', platform: 'forum', outlet: '宜良论坛' },
    { itemId: uuidv7(), reachTier: 'provincial-portal', platform: 'news-site', outlet: '云南网' },
  ];
  for (const [i, item] of items.entries()) {
    await publish(
      'ingestion.ItemCaptured',
      {
        ...item,
        url: `https://example.cn/${item.itemId}`,
        canonicalUrl: `https://example.cn/${item.itemId}`,
        title: i === 0 ? `${title}<script>alert(1)</script>` : `${title}，网民质疑处置迟缓`,
        text: '城区一路段塌陷多日，车辆受损。',
        captureMethod: 'crawler',
        capturedAt: new Date().toISOString(),
        contentHash: 'a'.repeat(63) + String(i),
        fingerprint: '0123456789abcdef',
        matchedRules: [],
        matchedTerms: [],
        sentiment: { polarity: 'negative', score: -0.6, decidingWords: [] },
      },
      orgUnit,
    );
  }
  await publish(
    'ingestion.IncidentDetected',
    { incidentId, title, itemIds: [items[0]!.itemId], detectedAt: new Date().toISOString() },
    orgUnit,
  );
  // The post is detected with the incident (no attachment follows for it, as ingestion does); the report is
  // attached after. Either may reach the archive before its capture does: both are filed once both are known.
  await publish(
    'ingestion.ItemAttachedToIncident',
    { itemId: items[1]!.itemId, incidentId, relation: 'same-event' },
    orgUnit,
  );
  return { incidentId, items };
}

beforeAll(async () => {
  archive = await startArchive(schema);
  ({ app, pool, signer, kafka } = archive);
}, 60_000);

afterAll(async () => {
  await archive?.close();
});

describe('the case file (案卷)', () => {
  it('files every step of an incident, each linked to its event, and closes a 二级 case only with its summary', async () => {
    const { incidentId, items } = await incident();
    const proposalId = uuidv7();
    const obligationId = uuidv7();
    const now = Date.now();
    const steps = [
      await publish('grading.GradeProposed', {
        incidentId,
        proposalId,
        grade: { level: 'level-2', exceptional: false },
        criteria: ['provincial-portal'],
        evidence: [{ kind: 'item', id: items[1]!.itemId }],
        rationale: '云南网报道',
        ruleSetVersion: 'grading-rules@test',
      }),
      await publish('grading.GradeConfirmed', {
        incidentId,
        proposalId,
        grade: { level: 'level-2', exceptional: false },
      }),
      await publish('reporting.ReportingObligationOpened', {
        obligationId,
        incidentId,
        kind: 'bulletin',
        reason: 'grade-in-force',
        recipientOrgUnitId: 'cn.yn.km',
        clockBasis: 'graded',
        clockStartedAt: iso(now),
        dueAt: iso(now + 240 * minute),
        reminderLeadMinutes: [],
        ruleSetVersion: 'reporting-rules@test',
      }),
      await publish('guidance.ReleasePublished', {
        incidentId,
        releaseId: uuidv7(),
        kind: 'forum-reply',
        channel: '宜良论坛官方账号',
        url: 'https://example.cn/reply/1',
        publishedAt: iso(now),
        text: '县交通运输局已封闭路段抢修。',
        wordingId: uuidv7(),
        wordingVersion: 1,
      }),
    ];
    await filed(incidentId, { events: steps, kinds: DETECTED });

    // Closing while the bulletin is owed is refused with the obligation named.
    const owed = await api.post(`/cases/${incidentId}/closures`, { category: '安全事故' });
    expect(owed.status).toBe(422);
    expect(owed.body).toMatchObject({ rule: 'archive.obligations-open' });
    expect(owed.body.detail).toContain('《网上舆情》报送');

    const fulfilled = await publish('reporting.ReportingObligationFulfilled', {
      obligationId,
      incidentId,
      kind: 'bulletin',
      reportId: uuidv7(),
      fulfilledAt: iso(now + minute),
      dueAt: iso(now + 240 * minute),
      onTime: true,
    });
    await filed(incidentId, { events: [fulfilled] });

    // A 二级 case without its summary is refused, naming every missing part (第二十六条).
    const bare = await api.post(`/cases/${incidentId}/closures`, { category: '安全事故' });
    expect(bare.status).toBe(422);
    expect(bare.body.rule).toBe('archive.summary-incomplete');
    for (const part of ['事件经过', '处置情况', '经验教训', '研判展望'])
      expect(bare.body.detail).toContain(part);
    const half = await api.post(`/cases/${incidentId}/closures`, {
      category: '安全事故',
      summary: {
        whatHappened: '城区路段塌陷，网民发帖质疑。',
        handling: '封闭路段抢修并回应。',
        lessons: '短',
        outlook: '短',
      },
    });
    expect(half.body).toMatchObject({ status: 422, rule: 'archive.summary-incomplete' });
    expect(half.body.detail).toContain('经验教训');
    expect(half.body.detail).not.toContain('事件经过');

    const summary = {
      whatHappened: '宜良县城区某路段塌陷多日，网民发帖质疑处置迟缓，人民网转载。',
      handling: '县交通运输局当日封闭路段抢修，县委网信办在论坛回复并发布情况通报。',
      lessons: '道路隐患应同步告知网信部门，回应要早于转载扩散。',
      outlook: '雨季路面隐患仍多，应加强巡查并预置回应口径。',
    };
    const closed = await api.post(`/cases/${incidentId}/closures`, {
      category: '安全事故',
      tags: ['路面塌陷'],
      summary,
    });
    expect(closed.status).toBe(201);

    const file = await api.get(`/cases/${incidentId}`);
    expect(file.status).toBe(200);
    expect(file.body.case).toMatchObject({
      caseId: incidentId,
      orgUnit: unit,
      title: '宜良县城区路面塌陷多日无人管',
      status: 'closed',
      level: 'level-2',
      category: '安全事故',
      tags: ['路面塌陷'],
      summary,
      summarySource: 'closing',
    });
    const kinds = (file.body.entries as { entryKind: string }[]).map((e) => e.entryKind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'incident-detected',
        'item',
        'media-report',
        'grade-proposed',
        'grade-in-force',
        'obligation-opened',
        'release',
        'obligation-closed',
      ]),
    );
    // Each step links to the event it was filed from: its context, stream, position and chain hash.
    for (const step of [...steps, fulfilled]) {
      const entry = (file.body.entries as { source: Record<string, unknown> }[]).find(
        (e) => e.source['eventId'] === step.eventId,
      );
      expect(entry?.source).toEqual({
        context: step.type.split('.')[0],
        eventId: step.eventId,
        eventType: step.type,
        streamId: step.streamId,
        streamPosition: step.streamPosition,
        hash: step.hash,
      });
    }
    // Captured text is filed as text, bounded; the media report is told apart from the post.
    const post = (file.body.entries as { entryKind: string; summary: string }[]).find(
      (e) => e.entryKind === 'item',
    );
    expect(post?.summary).toContain('<script>alert(1)</script>');
    expect(post?.summary).toContain('宜良论坛（县乡本地）');
    // The read just made is in the access record.
    expect(file.body.reads).toEqual([
      expect.objectContaining({ purpose: 'view', readerKind: 'user', readerId: 'internet-office-1' }),
    ]);
  });

  it('reopens a closed case when a new item arrives, and a person may reopen it with a reason', async () => {
    const { incidentId } = await incident(unit, '某小区停水三天');
    await filed(incidentId, { kinds: DETECTED });
    expect((await api.post(`/cases/${incidentId}/closures`, { category: '民生诉求' })).status).toBe(201);
    expect((await api.post(`/cases/${incidentId}/reopenings`, { reason: '短' })).body).toMatchObject({
      status: 422,
      rule: 'archive.reopen-reason-too-short',
    });

    const late = uuidv7();
    await publish('ingestion.ItemCaptured', {
      itemId: late,
      url: `https://example.cn/${late}`,
      canonicalUrl: `https://example.cn/${late}`,
      platform: 'weibo',
      reachTier: 'individual-account',
      outlet: '网友甲',
      title: '停水又来了',
      text: '又停水了。',
      captureMethod: 'crawler',
      capturedAt: new Date().toISOString(),
      contentHash: 'b'.repeat(64),
      fingerprint: 'fedcba9876543210',
      matchedRules: [],
      matchedTerms: [],
      sentiment: { polarity: 'negative', score: -0.4, decidingWords: [] },
    });
    const attached = await publish('ingestion.ItemAttachedToIncident', {
      itemId: late,
      incidentId,
      relation: 'same-event',
    });
    await filed(incidentId, { events: [attached] });
    const history = await api.get(`/cases/${incidentId}/history`, 'auditor');
    const events = history.body.events as { type: string; data: { source?: { eventId: string } } }[];
    // The new item reopened the case, then was filed.
    const reopening = events.findIndex((e) => e.type === 'archive.CaseReopened');
    expect(events[reopening]?.data.source?.eventId).toBe(attached.eventId);
    expect(events[reopening + 1]).toMatchObject({
      type: 'archive.CaseEntryFiled',
      data: { entryKind: 'item', source: { eventId: attached.eventId } },
    });
    expect((await api.get(`/cases?status=open`)).body.cases).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: incidentId, status: 'open' })]),
    );

    expect((await api.post(`/cases/${incidentId}/closures`, { category: '民生诉求' })).status).toBe(201);
    const byHand = await api.post(`/cases/${incidentId}/reopenings`, {
      reason: '群众再次反映，需补充处置。',
    });
    expect(byHand.status).toBe(201);
  });

  it('shows a case file only to those who may read it, in its unit, and records every read', async () => {
    const { incidentId } = await incident(sibling, '石林县某景区门票纠纷');
    await filed(incidentId, { kinds: DETECTED });
    // Another county's office: not even the case's existence beyond its id.
    expect((await api.get(`/cases/${incidentId}`)).status).toBe(403);
    expect(((await api.get('/cases')).body.cases as { caseId: string }[]).map((c) => c.caseId)).not.toContain(
      incidentId,
    );
    // A monitor may search the library but not read a whole case file (第三十条).
    expect((await api.get(`/cases/${incidentId}`, 'monitor', sibling)).status).toBe(403);
    expect(
      (await api.post(`/cases/${incidentId}/closures`, { category: 'x' }, 'monitor', sibling)).status,
    ).toBe(403);
    // The city's auditor reads it; so does the county's office; both reads are recorded, in order.
    expect((await api.get(`/cases/${incidentId}`, 'auditor', 'cn.yn.km')).status).toBe(200);
    const second = await api.get(`/cases/${incidentId}`, 'internet-office', sibling);
    expect(second.body.reads).toEqual([
      expect.objectContaining({ purpose: 'view', readerId: 'auditor-1' }),
      expect.objectContaining({ purpose: 'view', readerId: 'internet-office-1' }),
    ]);
    expect((await api.get(`/cases/${uuidv7()}`)).status).toBe(404);
    expect(
      (await api.post(`/cases/${incidentId}/closures`, { category: '' }, 'internet-office', sibling)).status,
    ).toBe(400);
  });

  it('files a redelivered event once, and rebuilds the case files from the case streams as they are', async () => {
    const { incidentId } = await incident(unit, '重复投递测试');
    await filed(incidentId, { kinds: DETECTED });
    const proposalId = uuidv7();
    const proposed = await publish('grading.GradeProposed', {
      incidentId,
      proposalId,
      grade: { level: 'level-3', exceptional: false },
      criteria: ['ordinary-complaint'],
      evidence: [{ kind: 'item', id: uuidv7() }],
      ruleSetVersion: 'grading-rules@test',
    });
    await filed(incidentId, { events: [proposed] });
    // The same message again (a relay retried after a lost acknowledgement), then a later one on the same stream,
    // so on the same partition: once the later one is filed, the duplicate has been seen.
    await resend(proposed);
    const confirmed = await publish('grading.GradeConfirmed', {
      incidentId,
      proposalId,
      grade: { level: 'level-3', exceptional: false },
    });
    await filed(incidentId, { events: [confirmed] });
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from ${schema}.case_entries where case_id = $1 and source_event_id = $2`,
      [incidentId, proposed.eventId],
    );
    expect(rows[0]?.n).toBe(1);
    const report = await app.get(ProjectionRunner).verify(['archive.case-files']);
    expect(report).toMatchObject({ verified: ['archive.case-files'] });
  });

  it('loads the demo once: a 二级 case of 宜良县, closed with the handling summary it reported', async () => {
    const load = () => loadDemo(app.get(CommandBus), app.get(ConsumerHost), app.get(PostgresEventStore));
    expect(await load()).toMatchObject({ loaded: true });
    expect(await load()).toEqual({ loaded: false, events: 0 });
    const file = await api.get('/cases/demo-yl-canteen-2026-09', 'internet-office', 'cn.yn.km.yl');
    expect(file.body.case).toMatchObject({
      status: 'closed',
      level: 'level-2',
      category: '食品安全',
      summarySource: 'handling-summary',
      summary: expect.objectContaining({ lessons: expect.stringContaining('第一时间公开检测进展') }),
    });
    expect((file.body.entries as { entryKind: string }[]).map((e) => e.entryKind)).toEqual(
      expect.arrayContaining([
        'item',
        'media-report',
        'grade-in-force',
        'sign-off',
        'release',
        'handling-summary',
      ]),
    );
  });
});
