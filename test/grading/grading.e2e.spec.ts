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
const hour = 3_600_000;

/**
 * A unit of the test's own: each test captures into units under it, so no test sees another's incidents (the
 * what-if period covers the whole unit), and any test passes alone.
 */
const newHome = () => `cn.yn.km.g${uuidv7().slice(-8)}`;

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

/** Items of the three kinds 第三条 grades, as a monitor captures them (a unique address each time). */
const PEOPLE = () => ({
  url: `https://yn.people.com.cn/n2/2026/1120/c${uuidv7()}.html`,
  outlet: '人民网',
  title: '宜良县某路段塌陷多日无人处置',
  text: '人民网云南频道报道，宜良县某路段塌陷多日无人处置，过往车辆险情不断。',
});
const YUNNAN = () => ({
  url: `https://www.yunnan.cn/system/2026/11/20/${uuidv7()}.shtml`,
  outlet: '云南网',
  title: '石林县景区乱收费引游客不满',
  text: '云南网报道，多名游客反映石林县景区停车场乱收费，投诉无人回应。',
});
const FORUM = () => ({
  url: `https://bbs.kunming.example.cn/thread/${uuidv7()}`,
  platform: 'forum',
  reachTier: 'city-site',
  outlet: '昆明信息港论坛',
  title: '匡远街道小区垃圾清运不及时',
  text: '网民投诉匡远街道某小区垃圾清运不及时，气味难闻，希望尽快处理。',
});

/** given: an item captured in `orgUnit` and the grade grading proposes for its incident. */
async function proposed(orgUnit: string, item: Record<string, unknown>, what: string): Promise<Incident> {
  const incidentId = await capture(orgUnit, item);
  return awaitIncident(incidentId, what, (i) => i.openProposal !== null);
}

/** given: the grading authority confirms what grading proposed for the incident. */
async function confirmProposal(found: Incident): Promise<void> {
  const confirmed = await call(
    'POST',
    `/api/grading/incidents/${found.incidentId}/grade-confirmations`,
    'grading-authority',
    { proposalId: found.openProposal!.proposalId, grade: found.openProposal!.grade },
  );
  expect(confirmed.status).toBe(201);
}

/**
 * given: a complaint in `orgUnit` confirmed 三级 (直办制), its handling deadline missed, then reposted with more
 * attention: grading proposes 二级. Returns the incident as grading then shows it and the missed deadline's id.
 */
async function grownFromLevel3(orgUnit: string): Promise<{ grown: Incident; overdueId: string }> {
  const complaint = {
    platform: 'forum',
    reachTier: 'city-site',
    outlet: '宜良论坛',
    title: '宜良县交通局养护站乱收费无人管',
    text: '网民投诉宜良县交通运输局某养护站向过往货车乱收费，多次反映无人处理。',
  };
  const first = await proposed(
    orgUnit,
    { ...complaint, url: `https://bbs.yl.example.cn/t/${uuidv7()}` },
    'the 三级 proposal',
  );
  expect(first.openProposal!.grade.level).toBe('level-3');

  // The grading authority confirms 三级 (直办制); then the handling deadline passes…
  await confirmProposal(first);
  const overdueId = await publishOverdue(orgUnit, first.incidentId, new Date());
  await awaitIncident(first.incidentId, 'the missed deadline', (i) =>
    i.facts.some((f) => f.eventId === overdueId),
  );

  // …and the post is reposted with more attention: ingestion attaches it and measures the heat again.
  await capture(orgUnit, {
    ...complaint,
    url: `https://bbs.yl.example.cn/t/${uuidv7()}-repost`,
    title: `转：${complaint.title}`,
    engagement: { views: 300 },
  });
  const grown = await awaitIncident(
    first.incidentId,
    'the 二级 proposal',
    (i) => i.openProposal?.grade.level === 'level-2',
  );
  return { grown, overdueId };
}

beforeAll(async () => {
  platform = await startPlatform({ only: ['ingestion', 'grading'] });
  kafka = createKafka({ brokers: infraEnv().KAFKA_BROKERS, clientId: 'grading-e2e' });
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

describe('grading the incidents ingestion captures (第三条), through Kafka', () => {
  it('proposes 一级 for an item carried by 人民网: the source catalogue gives central-media reach', async () => {
    const graded = await proposed(`${newHome()}.yl`, PEOPLE(), 'the 一级 proposal');

    expect(graded.openProposal).toMatchObject({
      grade: { level: 'level-1', exceptional: false },
      criteria: ['central-media'],
      ruleSetVersion: 'grading-rules@2026-12',
    });
  });

  it('proposes 二级 for an item carried by 云南网 (the provincial news portal)', async () => {
    const graded = await proposed(`${newHome()}.sl`, YUNNAN(), 'the 二级 proposal');

    expect(graded.openProposal).toMatchObject({
      grade: { level: 'level-2', exceptional: false },
      criteria: ['provincial-portal'],
    });
  });

  it('proposes 三级 for an ordinary complaint on a city forum', async () => {
    const graded = await proposed(`${newHome()}.kyz`, FORUM(), 'the 三级 proposal');

    expect(graded.openProposal).toMatchObject({
      grade: { level: 'level-3', exceptional: false },
      criteria: ['ordinary-complaint'],
    });
  });

  it('refuses the confirmation of a role that is not the grading authority with 403, and appends nothing', async () => {
    const before = await proposed(`${newHome()}.kyz`, FORUM(), 'the 三级 proposal');
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
        `/api/grading/incidents/${before.incidentId}/grade-confirmations`,
        role,
        body,
      );
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const after = (await incident(before.incidentId))!;
    expect(after.version).toBe(before.version);
    expect(after.history).toEqual(before.history);
  });

  it('proposes 二级 for a confirmed 三级 whose handling deadline passed and whose heat rose, citing both', async () => {
    const { grown, overdueId } = await grownFromLevel3(`${newHome()}.jtj`);

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
    const home = newHome();
    // An incident with a proposal open, and one whose grade the authority confirmed.
    const open = await proposed(`${home}.yl`, PEOPLE(), 'the 一级 proposal');
    const toConfirm = await proposed(`${home}.kyz`, FORUM(), 'the 三级 proposal');
    await confirmProposal(toConfirm);
    await awaitIncident(toConfirm.incidentId, 'the confirmed grade', (i) => i.grade !== null);

    for (const incidentId of [open.incidentId, toConfirm.incidentId]) {
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
    const home = newHome();
    // Two incidents in the unit: one grown from 三级 by poor handling, and an ordinary complaint.
    const { grown } = await grownFromLevel3(`${home}.jtj`);
    await proposed(`${home}.kyz`, FORUM(), 'the 三级 proposal');

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
    expect(report.examined).toBe(2);
    expect(report.changes.map((c) => c.incidentId)).toEqual([grown.incidentId]);
    expect(report.changes[0]!.wouldBe.grade).toEqual({ level: 'level-3', exceptional: false });
  });
});

/** The rule set in force, as the service shows it, changed by `draft`. */
async function currentRuleSet(draft: (rules: Record<string, unknown>) => Record<string, unknown>) {
  const list = (await (await call('GET', '/api/grading/rule-sets', 'monitor')).json()) as { inForce: string };
  const one = await call('GET', `/api/grading/rule-sets/${encodeURIComponent(list.inForce)}`, 'monitor');
  return draft(((await one.json()) as { content: Record<string, unknown> }).content);
}
