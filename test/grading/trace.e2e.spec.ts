import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventsTopic } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { eventually, infraEnv, uniqueName } from '@yuqing/testing';

// One trace from a captured item to its confirmed grade: the capture request, ingestion's append, its relay's
// publish to Kafka, grading's consumer, the proposal's append, and the grading authority's confirmation (which
// continues the trace of the proposal it answers), published on the grading topic in turn.
interface SpanLine {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

const spansFile = path.join(tmpdir(), `${uniqueName('grading-spans')}.jsonl`);
let child: ChildProcess;
let gateway: string;
let tokens: { monitor: string; authority: string };

beforeAll(async () => {
  const { DATABASE_URL, KAFKA_BROKERS } = infraEnv();
  child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'traced-platform.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, DATABASE_URL, KAFKA_BROKERS: KAFKA_BROKERS.join(','), SPANS_FILE: spansFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  ({ gateway, tokens } = await new Promise<{ gateway: string; tokens: typeof tokens }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line) as { gateway: string; tokens: typeof tokens });
    });
    child.on('exit', (code) =>
      reject(new Error(`the traced platform exited with ${code}: ${out.slice(-2000)}`)),
    );
  }));
}, 120_000);

afterAll(async () => {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  if (!process.env.KEEP_SPANS) rmSync(spansFile, { force: true });
  else process.stdout.write(spansFile);
});

/**
 * The confirmation's append that was published, and its publication. An append that lost a race (another event
 * of the incident came first) is retried under the same answer span: its failed attempt has a span, never a
 * publication.
 */
function publishedAppendOf(
  spans: readonly SpanLine[],
  answer: SpanLine,
): { append: SpanLine; published: SpanLine } | undefined {
  for (const append of spans) {
    if (append.name !== 'eventstore.append' || append.parentSpanId !== answer.spanId) continue;
    const published = spans.find(
      (s) => s.name === `publish ${eventsTopic('grading')}` && s.parentSpanId === append.spanId,
    );
    if (published) return { append, published };
  }
  return undefined;
}

const api = (token: string, method: string, route: string, body?: unknown) =>
  fetch(`${gateway}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

it('carries one trace id from the captured item through Kafka to the confirmed grade', async () => {
  const capture = await api(tokens.monitor, 'POST', '/api/ingestion/items', {
    orgUnit: `cn.yn.km.t${uuidv7().slice(-8)}`,
    items: [
      {
        url: `https://yn.people.com.cn/n2/2026/1120/c${Date.now()}.html`,
        platform: 'news-site',
        reachTier: 'local',
        outlet: '人民网',
        title: '某县公路塌方多日无人处置',
        text: '人民网报道，某县公路塌方多日无人处置。',
        captureMethod: 'manual',
      },
    ],
  });
  expect(capture.status).toBe(200);
  const { incidentId } = ((await capture.json()) as { outcomes: { incidentId: string }[] }).outcomes[0]!;
  const proposal = await eventually(
    'the proposal',
    async () => {
      const response = await api(tokens.monitor, 'GET', `/api/grading/incidents/${incidentId}`);
      if (response.status !== 200) return undefined;
      return (
        ((await response.json()) as { openProposal: { proposalId: string; grade: unknown } | null })
          .openProposal ?? undefined
      );
    },
    60_000,
  );
  const confirmed = await api(
    tokens.authority,
    'POST',
    `/api/grading/incidents/${incidentId}/grade-confirmations`,
    {
      proposalId: proposal.proposalId,
      grade: proposal.grade,
    },
  );
  expect(confirmed.status).toBe(201);

  const read = () =>
    existsSync(spansFile)
      ? readFileSync(spansFile, 'utf8')
          .trim()
          .split('\n')
          .flatMap((l) => {
            // The exporter may be writing the last line as we read it.
            try {
              return [JSON.parse(l) as SpanLine];
            } catch {
              return [];
            }
          })
      : [];
  // The confirmation's publication on the grading topic closes the path.
  const spans = await eventually(
    'the GradeConfirmed publication',
    async () => {
      const all = read();
      const answer = all.find((s) => s.name === 'grading.answer-proposal');
      return answer && publishedAppendOf(all, answer) ? all : undefined;
    },
    90_000,
  );

  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const answer = spans.find((s) => s.name === 'grading.answer-proposal')!;
  const trace = spans.filter((s) => s.traceId === answer.traceId);
  /** The span and its ancestors, nearest first. */
  const lineage = (span: SpanLine): string[] => {
    const names: string[] = [];
    for (let s: SpanLine | undefined = span; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined)
      names.push(s.name);
    return names;
  };
  const path = lineage(publishedAppendOf(trace, answer)!.published);
  // publish (grading) ← append (GradeConfirmed) ← answer ← append (GradeProposed) ← process (grading's consumer) ←
  // publish (ingestion's relay) ← the capture request (ingestion's server span, under the gateway's).
  expect(path.slice(0, 6)).toEqual([
    `publish ${eventsTopic('grading')}`,
    'eventstore.append',
    'grading.answer-proposal',
    'eventstore.append',
    `process ${eventsTopic('ingestion')}`,
    `publish ${eventsTopic('ingestion')}`,
  ]);
  expect(path[path.length - 1]).toMatch(/^POST/);
  expect(new Set(path.map((name) => trace.some((s) => s.name === name)))).toEqual(new Set([true]));
}, 180_000);
