import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { pdfText } from '@yuqing/reporting-documents/testing';
import { ConsumerHost, receivedEvent } from '@yuqing/service-kit';
import { uniqueName } from '@yuqing/testing';
import { formatDateTime } from '@yuqing/reporting-documents';
import { GradesHandler, IncidentsHandler } from '../open-obligations/open-obligations.handler';
import { PeopleHandler } from '../read-models/people/people.handler';
import {
  asBytes,
  gradedNow,
  obligationOf,
  startTestReporting,
  type TestReporting,
} from '../testing/reporting-app';

// A signature binds the bytes (issue 23): each download of a bulletin is a kept version, the same bytes while the
// data stands and a new version when it changes; a sign-off records the version the leader read and the SHA-256 of
// its renditions; and `audit:verify --document` tells a signed file from a changed one or an unsigned version.
// Against real PostgreSQL and Kafka, and the verification tool run as an auditor runs it.
jest.setTimeout(60_000);

const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const LEADER = 'principal-leader-1';
let reporting: TestReporting;
let workdir: string;

const api = () => request(reporting.app.getHttpServer());
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function pdfOf(bulletinId: string): Promise<{ bytes: Buffer; version: string; etag: string }> {
  const response = await api()
    .get(`/api/reporting/bulletins/${bulletinId}/document.pdf`)
    .set('authorization', `Bearer ${await reporting.token('opinion-admin')}`)
    .buffer(true)
    .parse(asBytes)
    .expect(200);
  return {
    bytes: response.body as Buffer,
    version: response.headers['x-document-version'] as string,
    etag: response.headers['etag'] as string,
  };
}

/** A bulletin submitted for the incident (a new 二级 one by default), with any further sections given. */
async function submittedBulletin(
  title: string,
  options: { incidentId?: string; sections?: Record<string, unknown> } = {},
): Promise<{ bulletinId: string; incidentId: string }> {
  const incidentId = options.incidentId ?? (await gradedNow(reporting, 'level-2', title));
  const obligation = await obligationOf(reporting, incidentId, 'bulletin');
  const submitted = await api()
    .post('/api/reporting/bulletins')
    .set('authorization', `Bearer ${await reporting.token('opinion-admin')}`)
    .send({
      obligationId: obligation.obligationId,
      title,
      body: '一、基本情况：……',
      summary: '网民发帖反映小区供暖不足。',
      ...options.sections,
      recipientOrgUnitId: CITY,
      submittedAt: reporting.clock.now().toISOString(),
    })
    .expect(201);
  return { bulletinId: submitted.body.reportId as string, incidentId };
}

async function signOff(bulletinId: string, documentVersionId?: string): Promise<request.Response> {
  return api()
    .post(`/api/reporting/bulletins/${bulletinId}/sign-offs`)
    .set('authorization', `Bearer ${await reporting.token('principal-leader', CITY)}`)
    .send({
      instructions: '请抓紧核实并回应。',
      signedOffAt: reporting.clock.now().toISOString(),
      ...(documentVersionId ? { documentVersionId } : {}),
    });
}

/** `npm run audit:verify -- <schema> --document <file>`, as an auditor runs it: exit code and JSON. */
async function verifyFile(bytes: Buffer): Promise<{ code: number; result: Record<string, unknown> }> {
  const file = path.join(workdir, `${uniqueName('held')}.pdf`);
  writeFileSync(file, bytes);
  const run = promisify(execFile)(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      'tools/audit/verify.ts',
      reporting.config.REPORTING_SCHEMA,
      '--document',
      file,
    ],
    { env: { ...process.env, DATABASE_URL: reporting.config.DATABASE_URL }, cwd: process.cwd() },
  );
  try {
    const { stdout } = await run;
    return { code: 0, result: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, result: JSON.parse(failed.stdout) as Record<string, unknown> };
  }
}

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'repver' });
  workdir = mkdtempSync(path.join(tmpdir(), 'yuqing-held-'));
  const registered = receivedEvent(
    'identity.UserRegistered',
    {
      userId: LEADER,
      username: 'km.leader',
      displayName: '赵志刚',
      post: '昆明市委常委、宣传部部长',
      orgUnit: CITY,
    },
    CITY,
    { streamId: `identity-user-${LEADER}`, time: new Date(reporting.clock.now().getTime() - 86_400_000) },
  );
  await reporting.app.get(ConsumerHost).deliver(PeopleHandler, registered);
});

afterAll(async () => {
  rmSync(workdir, { recursive: true, force: true });
  await reporting?.close();
});

describe('bulletin documents as signed versions', () => {
  it('serves one version as the same bytes, makes a new version when the data changes, and binds the sign-off to the version read', async () => {
    const { bulletinId, incidentId } = await submittedBulletin('关于网传宜良县某小区供暖不足的舆情');
    const first = await pdfOf(bulletinId);
    const again = await pdfOf(bulletinId);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(again.version).toBe(first.version);
    expect(first.etag).toBe(`"${sha256(first.bytes)}"`);

    // Grading categorises the incident: the bulletin now says more, so it is a new version.
    await reporting.app
      .get(ConsumerHost)
      .deliver(
        GradesHandler,
        receivedEvent('grading.IncidentCategorised', { incidentId, categories: ['livelihood'] }, COUNTY),
      );
    const changed = await pdfOf(bulletinId);
    expect(changed.version).not.toBe(first.version);
    expect(changed.bytes.equals(first.bytes)).toBe(false);

    // The leader read the first version: it is not what the bulletin says now.
    const stale = await signOff(bulletinId, first.version);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ rule: 'reporting.document-changed', currentVersion: changed.version });

    const signed = await signOff(bulletinId, changed.version);
    expect(signed.status).toBe(201);
    expect(signed.body.documentVersionId).toBe(changed.version);
    const { rows } = await reporting.pool.query<{ data: { document: unknown } }>(
      `select data from ${reporting.config.REPORTING_SCHEMA}.events
        where event_type = 'reporting.BulletinSignedOff' and data->>'bulletinId' = $1`,
      [bulletinId],
    );
    expect(rows.map((r) => r.data.document)).toEqual([
      {
        versionId: changed.version,
        renditions: expect.arrayContaining([{ rendition: 'pdf', sha256: sha256(changed.bytes) }]),
      },
    ]);

    // After signing, the bulletin shows the 批示: a third version; the signed one keeps its bytes.
    const afterwards = await pdfOf(bulletinId);
    expect(afterwards.version).not.toBe(changed.version);
    expect((await pdfText(afterwards.bytes)).replace(/\s/g, '')).toContain('请抓紧核实并回应。');
    const versions = await api()
      .get(`/api/reporting/bulletins/${bulletinId}/document-versions`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin')}`)
      .expect(200);
    expect(
      (versions.body.items as { versionId: string; signed: boolean; renditions: { sha256: string }[] }[]).map(
        (v) => [v.versionId, v.signed],
      ),
    ).toEqual([
      [first.version, false],
      [changed.version, true],
      [afterwards.version, false],
    ]);
    expect(versions.body.items[1].builtFrom.streams).toEqual([
      { streamId: `reporting-incident-${incidentId}`, version: expect.any(Number) },
    ]);

    // The auditor's check of a file someone holds.
    const genuine = await verifyFile(changed.bytes);
    expect(genuine.code).toBe(0);
    expect(genuine.result).toMatchObject({
      ok: true,
      verdict: 'signed',
      document: { kind: 'bulletin', subjectId: bulletinId, versionId: changed.version, rendition: 'pdf' },
      signature: {
        eventType: 'reporting.BulletinSignedOff',
        signerAccount: LEADER,
        signer: { name: '赵志刚' },
        signerOrgUnit: CITY,
        chain: 'holds',
      },
    });
    const tampered = Buffer.from(changed.bytes);
    const at = Math.floor(tampered.length / 2);
    tampered[at] = tampered[at]! ^ 0x01;
    const refused = await verifyFile(tampered);
    expect(refused.code).toBe(1);
    expect(refused.result).toMatchObject({ ok: false, verdict: 'unknown' });
    const unsigned = await verifyFile(first.bytes);
    expect(unsigned.code).toBe(1);
    expect(unsigned.result).toMatchObject({
      ok: false,
      verdict: 'unsigned-version',
      signedVersionId: changed.version,
    });
  });

  it('signs the current version when the request names none, and answers which one', async () => {
    const { bulletinId } = await submittedBulletin('关于网传宜良县某路段积水的舆情');
    const signed = await signOff(bulletinId);
    expect(signed.status).toBe(201);
    const current = signed.body.documentVersionId as string;
    const versions = await api()
      .get(`/api/reporting/bulletins/${bulletinId}/document-versions`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin')}`)
      .expect(200);
    expect(versions.body.items).toEqual([
      expect.objectContaining({
        versionId: current,
        signed: true,
        renditions: [
          { rendition: 'docx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          { rendition: 'pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
      }),
    ]);
  });

  it('names the events every figure of a bulletin comes from, so that each is recomputed from its provenance alone', async () => {
    const incidentId = await gradedNow(reporting, 'level-2', '关于网传宜良县城区停水的舆情');
    const host = reporting.app.get(ConsumerHost);
    const captures = [
      {
        outlet: '宜良论坛',
        platform: 'forum',
        url: 'https://bbs.yiliang.example.cn/t/9',
        publishedAt: '2026-12-01T01:00:00.000Z',
      },
      {
        outlet: '云南网',
        platform: 'news-site',
        url: 'https://news.example.cn/a/1',
        publishedAt: '2026-12-01T02:00:00.000Z',
      },
    ];
    const captureEvents: string[] = [];
    for (const [i, capture] of captures.entries()) {
      const itemId = uniqueName('item');
      const captured = receivedEvent(
        'ingestion.ItemCaptured',
        {
          itemId,
          ...capture,
          reachTier: 'city-site',
          author: '网民',
          title: `宜良县城区停水第${i + 1}帖`,
          text: '城区部分小区停水。',
          engagement: { views: 100 },
          captureMethod: 'crawler',
          capturedAt: '2026-12-01T03:00:00.000Z',
          contentHash: String(i).repeat(64),
          canonicalUrl: capture.url,
          fingerprint: `0f3a9c2b7d4e1a6${i}`,
          matchedRules: [],
          matchedTerms: [],
          sentiment: { polarity: 'negative', score: -0.2, decidingWords: [] },
        },
        COUNTY,
        { streamId: `ingestion-item-${itemId}` },
      );
      captureEvents.push(captured.eventId);
      expect(await host.deliver(IncidentsHandler, captured)).toBe(true);
      const attached = receivedEvent(
        'ingestion.ItemAttachedToIncident',
        { itemId, incidentId, relation: 'same-event', similarity: 0.9 },
        COUNTY,
      );
      expect(await host.deliver(IncidentsHandler, attached)).toBe(true);
    }
    const categorised = receivedEvent(
      'grading.IncidentCategorised',
      { incidentId, categories: ['livelihood'] },
      COUNTY,
    );
    await host.deliver(GradesHandler, categorised);
    const { bulletinId } = await submittedBulletin('关于网传宜良县城区停水的舆情', {
      incidentId,
      sections: {
        summary: '城区部分小区停水，网民关注。',
        figures: [{ name: '停水天数', value: 3, unit: '天' }],
      },
    });
    const { bytes, version } = await pdfOf(bulletinId);
    const provenance = await api()
      .get(`/api/reporting/bulletins/${bulletinId}/document-versions/${version}/provenance`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin')}`)
      .expect(200);
    type Fact = {
      field: string;
      value: unknown;
      from: { eventId: string; type: string; path: string; value: unknown }[];
    };
    const facts = provenance.body.facts as Fact[];
    const fact = (field: string) => facts.find((f) => f.field === field)!;
    expect(facts.map((f) => f.field)).toEqual([
      'grade',
      'reportingDeadline',
      'categories',
      'sources.0',
      'sources.1',
      'figures',
    ]);

    // Recomputed from the cited values alone: each single figure is what its one event states; each source is its
    // capture's outlet, platform, address and time.
    for (const field of ['grade', 'categories', 'figures'])
      expect(fact(field).value).toEqual(fact(field).from[0]!.value);
    expect(Date.parse(fact('reportingDeadline').from[0]!.value as string)).toBe(
      Date.parse(fact('reportingDeadline').value as string),
    );
    for (const [i, capture] of captures.entries()) {
      const source = fact(`sources.${i}`);
      const rebuilt = Object.fromEntries(source.from.map((c) => [c.path, c.value]));
      expect(rebuilt).toEqual(capture);
      expect(source.value).toEqual(capture);
      expect(
        source.from.every((c) => c.eventId === captureEvents[i] && c.type === 'ingestion.ItemCaptured'),
      ).toBe(true);
    }
    expect(fact('categories').from[0]!.eventId).toBe(categorised.eventId);

    // The figures recomputed are the ones the document prints.
    const text = (await pdfText(bytes)).replace(/\s/g, '');
    expect(text).toContain(
      `报送时限：${formatDateTime(new Date(fact('reportingDeadline').value as string))}前`.replace(/\s/g, ''),
    );
    expect(text).toContain('停水天数：3天');
    for (const capture of captures) expect(text).toContain(capture.outlet);

    // Each cited event of this service is in its log, stating that value at that path.
    for (const cited of facts.flatMap((f) => f.from).filter((c) => c.type.startsWith('reporting.'))) {
      const { rows } = await reporting.pool.query<{ data: Record<string, unknown> }>(
        `select data from ${reporting.config.REPORTING_SCHEMA}.events where event_id = $1`,
        [cited.eventId],
      );
      const logged = cited.path
        .split('.')
        .reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], rows[0]?.data);
      expect(logged).toEqual(cited.value);
    }
  });
});
