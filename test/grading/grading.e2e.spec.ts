import type { Kafka } from 'kafkajs';
import { ReportOverdue, type EventMetadata, type RecordedEvent } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { createKafka, toMessage } from '@yuqing/messaging';
import { eventually, infraEnv, startPlatform, type RunningPlatform } from '@yuqing/testing';

// Grading across the platform, through the gateway as the console calls it: items captured by the real ingestion
// service reach grading over Kafka, are proposed a grade by the rules of 第三条, and the grading authority (第四条)
// confirms. A missed deadline is published on the reporting topic as the reporting service's relay would.
let platform: RunningPlatform;
let kafka: Kafka;
const city = 'cn.yn.km';
// A unit of this run's own: other runs publish on the same topics, and the what-if period covers them too.
const home = `cn.yn.km.g${uuidv7().slice(-8)}`;
const hour = 3_600_000;

interface Incident {
  incidentId: string;
  version: number;
  grade: { level: string; exceptional: boolean } | null;
  openProposal: {
    proposalId: string;
    grade: { level: string; exceptional: boolean };
    criteria: string[];
    evidence: { kind: string; id: string }[];
    ruleSetVersion: string;
  } | null;
  history: { type: string; eventId: string }[];
  facts: { type: string; eventId: string }[];
}

const token = (role: string, orgUnit = city) =>
  platform.signer.sign({
    subject: `${role}-grading-e2e`,
    kind: role === 'integrator' ? 'integrator' : 'user',
    grants: [{ grantId: uuidv7(), role, orgUnit }],
    scopes: role === 'integrator' ? ['ingestion.capture-item'] : [],
  });

async function call(method: string, path: string, role: string, body?: unknown): Promise<Response> {
  return fetch(`${platform.gateway.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await token(role)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** Captures one item by hand (a monitor on duty) and returns its incident. */
async function capture(orgUnit: string, item: Record<string, unknown>): Promise<string> {
  const response = await call('POST', '/api/ingestion/items', 'monitor', {
    orgUnit,
    items: [{ captureMethod: 'manual', platform: 'news-site', reachTier: 'local', ...item }],
  });
  expect(response.status).toBe(200);
  const [outcome] = ((await response.json()) as { outcomes: { status: string; incidentId: string }[] })
    .outcomes;
  expect(outcome?.status).toBe('captured');
  return outcome!.incidentId;
}

async function incident(incidentId: string): Promise<Incident | undefined> {
  const response = await call('GET', `/api/grading/incidents/${incidentId}`, 'monitor');
  return response.status === 200 ? ((await response.json()) as Incident) : undefined;
}

/** Waits until grading's view of the incident satisfies `ready`. */
const awaitIncident = (incidentId: string, what: string, ready: (i: Incident) => boolean) =>
  eventually(
    what,
    async () => {
      const found = await incident(incidentId);
      return found && ready(found) ? found : undefined;
    },
    60_000,
  );

/** Publishes a missed deadline as the reporting service's relay would: CloudEvents headers, keyed by stream. */
async function publishOverdue(orgUnit: string, incidentId: string, dueAt: Date): Promise<string> {
  const obligationId = uuidv7();
  const metadata: EventMetadata = {
    orgUnit,
    actor: { kind: 'service', id: 'reporting' },
    correlationId: obligationId,
  };
  const event: RecordedEvent = {
    eventId: uuidv7(),
    type: ReportOverdue.type,
    schemaVersion: 1,
    streamId: `reporting-obligation-${obligationId}`,
    streamPosition: 2,
    globalPosition: '1',
    transactionId: '1',
    data: ReportOverdue.parse({
      obligationId,
      incidentId,
      kind: 'handling-result',
      dueAt: dueAt.toISOString(),
      ruleSetVersion: 'reporting-rules@e2e',
    }),
    metadata,
    recordedAt: new Date(),
  };
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: ReportOverdue.topic,
    messages: [toMessage(event, '/yuqing/reporting')],
  });
  await producer.disconnect();
  return event.eventId;
}

const seeds: Record<string, string> = {};

beforeAll(async () => {
  platform = await startPlatform({ only: ['ingestion', 'grading'] });
  kafka = createKafka({ brokers: infraEnv().KAFKA_BROKERS, clientId: 'grading-e2e' });
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

describe('grading the incidents ingestion captures (第三条), through Kafka', () => {
  it('proposes 一级 for an item carried by 人民网: the source catalogue gives central-media reach', async () => {
    const incidentId = await capture(`${home}.yl`, {
      url: `https://yn.people.com.cn/n2/2026/1120/c${Date.now()}.html`,
      outlet: '人民网',
      title: '宜良县某路段塌陷多日无人处置',
      text: '人民网云南频道报道，宜良县某路段塌陷多日无人处置，过往车辆险情不断。',
    });
    seeds.people = incidentId;
    const graded = await awaitIncident(incidentId, 'the 一级 proposal', (i) => i.openProposal !== null);
    expect(graded.openProposal).toMatchObject({
      grade: { level: 'level-1', exceptional: false },
      criteria: ['central-media'],
      ruleSetVersion: 'grading-rules@2026-12',
    });
  });

  it('proposes 二级 for an item carried by 云南网 (the provincial news portal)', async () => {
    const incidentId = await capture(`${home}.sl`, {
      url: `https://www.yunnan.cn/system/2026/11/20/${Date.now()}.shtml`,
      outlet: '云南网',
      title: '石林县景区乱收费引游客不满',
      text: '云南网报道，多名游客反映石林县景区停车场乱收费，投诉无人回应。',
    });
    seeds.yunnan = incidentId;
    const graded = await awaitIncident(incidentId, 'the 二级 proposal', (i) => i.openProposal !== null);
    expect(graded.openProposal).toMatchObject({
      grade: { level: 'level-2', exceptional: false },
      criteria: ['provincial-portal'],
    });
  });

  it('proposes 三级 for an ordinary complaint on a city forum', async () => {
    const incidentId = await capture(`${home}.kyz`, {
      url: `https://bbs.kunming.example.cn/thread/${Date.now()}`,
      platform: 'forum',
      reachTier: 'city-site',
      outlet: '昆明信息港论坛',
      title: '匡远街道小区垃圾清运不及时',
      text: '网民投诉匡远街道某小区垃圾清运不及时，气味难闻，希望尽快处理。',
    });
    seeds.forum = incidentId;
    const graded = await awaitIncident(incidentId, 'the 三级 proposal', (i) => i.openProposal !== null);
    expect(graded.openProposal).toMatchObject({
      grade: { level: 'level-3', exceptional: false },
      criteria: ['ordinary-complaint'],
    });
  });

  it('refuses the confirmation of a role that is not the grading authority with 403, and appends nothing', async () => {
    const before = (await incident(seeds.forum!))!;
    const body = { proposalId: before.openProposal!.proposalId, grade: before.openProposal!.grade };
    for (const role of [
      'monitor',
      'opinion-admin',
      'principal-leader',
      'leading-group-office',
      'internet-office',
    ]) {
      const response = await call(
        'POST',
        `/api/grading/incidents/${seeds.forum}/grade-confirmations`,
        role,
        body,
      );
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const after = (await incident(seeds.forum!))!;
    expect(after.version).toBe(before.version);
    expect(after.history).toEqual(before.history);
  });

  it('proposes 二级 for a confirmed 三级 whose handling deadline passed and whose heat rose, citing both', async () => {
    const orgUnit = `${home}.jtj`;
    const complaint = {
      platform: 'forum',
      reachTier: 'city-site',
      outlet: '宜良论坛',
      title: '宜良县交通局养护站乱收费无人管',
      text: '网民投诉宜良县交通运输局某养护站向过往货车乱收费，多次反映无人处理。',
    };
    const incidentId = await capture(orgUnit, {
      ...complaint,
      url: `https://bbs.yl.example.cn/t/${Date.now()}`,
    });
    seeds.grown = incidentId;
    const proposed = await awaitIncident(incidentId, 'the 三级 proposal', (i) => i.openProposal !== null);
    expect(proposed.openProposal!.grade.level).toBe('level-3');

    // The grading authority confirms 三级 (直办制); then the handling deadline passes…
    const confirmed = await call(
      'POST',
      `/api/grading/incidents/${incidentId}/grade-confirmations`,
      'grading-authority',
      {
        proposalId: proposed.openProposal!.proposalId,
        grade: proposed.openProposal!.grade,
      },
    );
    expect(confirmed.status).toBe(201);
    const overdueId = await publishOverdue(orgUnit, incidentId, new Date());
    await awaitIncident(incidentId, 'the missed deadline', (i) =>
      i.facts.some((f) => f.eventId === overdueId),
    );

    // …and the post is reposted with more attention: ingestion attaches it and measures the heat again.
    await capture(orgUnit, {
      ...complaint,
      url: `https://bbs.yl.example.cn/t/${Date.now()}-repost`,
      title: `转：${complaint.title}`,
      engagement: { views: 300 },
    });
    const grown = await awaitIncident(
      incidentId,
      'the 二级 proposal',
      (i) => i.openProposal?.grade.level === 'level-2',
    );
    const heat = grown.facts.filter((f) => f.type === 'ingestion.IncidentHeatChanged').pop()!;
    expect(grown.grade).toEqual({ level: 'level-3', exceptional: false });
    expect(grown.openProposal!.criteria).toContain('grew-from-level-3');
    expect(grown.openProposal!.evidence).toEqual(
      expect.arrayContaining([
        { kind: 'event', id: overdueId },
        { kind: 'event', id: heat.eventId },
      ]),
    );
  });

  it('rebuilds from the grading streams replayed from zero exactly the grades the read model shows', async () => {
    for (const incidentId of Object.values(seeds)) {
      const shown = (await incident(incidentId))!;
      const response = await call('GET', `/api/grading/incidents/${incidentId}/replay`, 'auditor');
      expect(response.status).toBe(200);
      const replayed = (await response.json()) as Incident & { openProposal: { proposalId: string } | null };
      expect({
        incidentId,
        grade: replayed.grade,
        proposal: replayed.openProposal?.proposalId ?? null,
      }).toEqual({
        incidentId,
        grade: shown.grade,
        proposal: shown.openProposal?.proposalId ?? null,
      });
      expect(replayed.version).toBe(shown.version);
    }
  });

  it('lists exactly the incidents a draft with a stricter threshold would grade differently', async () => {
    const response = await call('POST', '/api/grading/what-if', 'grading-authority', {
      orgUnit: home,
      period: {
        from: new Date(Date.now() - hour).toISOString(),
        to: new Date(Date.now() + hour).toISOString(),
      },
      // Poor handling counts only when the heat rose 25 points since the deadline, not 5.
      ruleSet: await currentRuleSet((rules) => ({
        ...rules,
        version: 'grading-rules@2026-06-draft.1',
        poorHandling: { ...(rules.poorHandling as object), minHeatRise: 25 },
      })),
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      examined: number;
      changes: { incidentId: string; wouldBe: { grade: unknown } }[];
    };
    expect(report.examined).toBe(Object.keys(seeds).length);
    expect(report.changes.map((c) => c.incidentId)).toEqual([seeds.grown]);
    expect(report.changes[0]!.wouldBe.grade).toEqual({ level: 'level-3', exceptional: false });
  });
});

/** The rule set in force, as the service shows it, changed by `draft`. */
async function currentRuleSet(draft: (rules: Record<string, unknown>) => Record<string, unknown>) {
  const list = (await (await call('GET', '/api/grading/rule-sets', 'monitor')).json()) as { inForce: string };
  const one = await call('GET', `/api/grading/rule-sets/${encodeURIComponent(list.inForce)}`, 'monitor');
  return draft(((await one.json()) as { content: Record<string, unknown> }).content);
}
