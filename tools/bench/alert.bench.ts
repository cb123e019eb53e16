// npm run bench:alert — 24-hour duty (值班): from the POST of a central-media item to ingestion to the first
// notification attempt to the monitor on duty (a signed webhook this bench receives), through ingestion (capture,
// incident), grading (its 一级 proposal), reporting (the phone flash owed on the proposal, the duty alert) and the
// notifier. The three services run as in production, each in a process of its own, with their default polling; 50+
// different incidents at light load (one every BENCH_ALERT_INTERVAL_MS). Side by side in the same run, the same
// incidents' earlier stages (POST answered, GradeProposed and ReportingObligationOpened consumed from Kafka), so
// the share of each hop shows. Prints one JSON document on stdout; progress on stderr. Asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { generateSigningKey, TokenSigner, type Grant } from '@yuqing/auth';
import { eventsTopic } from '@yuqing/contracts';
import { createKafka } from '@yuqing/messaging';
import { log, sleep } from './event-store/protocol';
import { STORY_RULE, storyOf } from './alert-stories';
import { infraAddresses } from './infra';
import { runTopics } from './topics';

// Topics of this run's own (YUQING_TOPIC_NAMESPACE), inherited by the services it starts; deleted at the end.
const topics = runTopics('alert');

const UNIT = 'cn.yn.km.yl';
const INCIDENTS = Number(process.env.BENCH_ALERT_INCIDENTS ?? 50);
/** Stories posted at most: clustering may (rightly or not) join a story to an earlier one; posting goes on until
 * INCIDENTS distinct incidents were opened. */
const MAX_POSTS = INCIDENTS * 3;
const INTERVAL_MS = Number(process.env.BENCH_ALERT_INTERVAL_MS ?? 1000);
const ISSUER = 'https://bench.invalid';
const SECRET = 'bench-webhook-secret-of-at-least-32-characters';
const MONITOR = 'bench-monitor';
const ROOT = path.resolve(__dirname, '../..');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

interface Started {
  readonly url: string;
  readonly process: ChildProcess;
}

async function startService(name: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(ROOT, `apps/${name}/src/main.ts`)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
      if (out.length > 1_000_000) out = out.slice(-10_000);
    });
    child.once('exit', (code) =>
      reject(new Error(`the ${name} service exited with ${code}: ${out.slice(-2000)}`)),
    );
  });
  // Keep reading its log so the pipe never fills.
  child.stdout!.resume();
  return { url, process: child };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { databaseUrl, kafkaBrokers } = infraAddresses();
  const run = `b${Date.now().toString(36)}`;
  const schemas = {
    ingestion: `bench_alert_ing_${run}`,
    grading: `bench_alert_grd_${run}`,
    reporting: `bench_alert_rep_${run}`,
  };
  const key = await generateSigningKey();
  const signer = new TokenSigner({ key, issuer: ISSUER, audience: 'yuqing' });
  const token = (role: Grant['role'], subject: string) =>
    signer.sign({
      subject,
      kind: 'user',
      grants: [{ grantId: `g-${role}`, role, orgUnit: UNIT }],
      scopes: [],
    });

  const jwks = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.publicJwk] })),
  );
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;

  // The monitor's end of the signed webhook: the moment each incident's first alert to the monitor arrives.
  const alertedAt = new Map<string, number>();
  const webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        recipient: { kind: string; id: string };
        incidentId?: string;
      };
      if (body.recipient.kind === 'user' && body.recipient.id === MONITOR && body.incidentId)
        if (!alertedAt.has(body.incidentId)) alertedAt.set(body.incidentId, at);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const webhookPort = (webhook.address() as AddressInfo).port;

  // The run's own topics: the services read them from the first event.
  const common = {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: kafkaBrokers.join(','),
    AUTH_ISSUER: ISSUER,
    AUTH_JWKS_URL: jwksUrl,
    CONSUME_FROM: 'earliest',
  };
  log('starting ingestion, grading and reporting');
  const services = {
    ingestion: await startService('ingestion', {
      ...common,
      INGESTION_SCHEMA: schemas.ingestion,
      CONSUMER_GROUP_PREFIX: schemas.ingestion,
      FEED_POLLER: 'off',
    }),
    grading: await startService('grading', {
      ...common,
      GRADING_SCHEMA: schemas.grading,
      CONSUMER_GROUP_PREFIX: schemas.grading,
    }),
    reporting: await startService('reporting', {
      ...common,
      REPORTING_SCHEMA: schemas.reporting,
      CONSUMER_GROUP_PREFIX: schemas.reporting,
      NOTIFY_CHANNELS: 'webhook',
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/hooks/yuqing`,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${webhookPort}`,
    }),
  };

  // The earlier stages, from Kafka: grading's proposal and reporting's phone flash owed.
  const proposedAt = new Map<string, number>();
  const openedAt = new Map<string, number>();
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'bench-alert' });
  const consumer = kafka.consumer({ groupId: `bench-alert-${run}`, sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({
    topics: [eventsTopic('grading'), eventsTopic('reporting')],
    fromBeginning: false,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const type = String(message.headers?.ce_type);
      if (type !== 'grading.GradeProposed' && type !== 'reporting.ReportingObligationOpened') return;
      const data = JSON.parse(String(message.value)) as { incidentId?: string; kind?: string };
      if (!data.incidentId) return;
      if (type === 'grading.GradeProposed') {
        if (!proposedAt.has(data.incidentId)) proposedAt.set(data.incidentId, Date.now());
      } else if (data.kind === 'phone-flash' && !openedAt.has(data.incidentId)) {
        openedAt.set(data.incidentId, Date.now());
      }
    },
  });

  // The county's keyword rule, and its duty roster with the bench monitor on duty now.
  const admin = await token('opinion-admin', 'bench-admin');
  const rule = await fetch(`${services.ingestion.url}/api/ingestion/rules/bench-alert`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      orgUnit: UNIT,
      name: '基准规则',
      expression: STORY_RULE,
    }),
  });
  if (!rule.ok) throw new Error(`rule answered ${rule.status}: ${await rule.text()}`);
  const now = Date.now();
  const shift = await fetch(`${services.reporting.url}/api/reporting/duty/${UNIT}/shifts`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await token('internet-office', 'bench-office')}`,
    },
    body: JSON.stringify({
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 12 * 3_600_000).toISOString(),
      monitorUserIds: [MONITOR],
      headUserId: 'bench-head',
    }),
  });
  if (!shift.ok) throw new Error(`shift answered ${shift.status}: ${await shift.text()}`);
  const crawler = await signer.sign({
    subject: 'bench-crawler',
    kind: 'integrator',
    grants: [{ grantId: 'g-crawler', role: 'integrator', orgUnit: UNIT }],
    scopes: ['ingestion.capture-item'],
  });
  await sleep(3000); // consumers joined

  log(`central-media items, one every ${INTERVAL_MS} ms, until ${INCIDENTS} distinct incidents`);
  const sentAt = new Map<string, number>();
  const answeredAt = new Map<string, number>();
  const refused: string[] = [];
  const posts: Promise<void>[] = [];
  const begin = Date.now();
  let postsSent = 0;
  for (let i = 0; i < MAX_POSTS && sentAt.size < INCIDENTS; i++) {
    postsSent++;
    const story = storyOf(i);
    posts.push(
      (async () => {
        const t0 = Date.now();
        const response = await fetch(`${services.ingestion.url}/api/ingestion/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${crawler}` },
          body: JSON.stringify({
            orgUnit: UNIT,
            items: [
              {
                url: `http://www.people.com.cn/n1/bench/${run}-${i}.html`,
                platform: 'news-site',
                reachTier: 'central-media',
                outlet: '人民网',
                title: story.title,
                text: story.text,
                captureMethod: 'crawler',
              },
            ],
          }),
        });
        const t1 = Date.now();
        const body = (await response.json()) as { outcomes?: { status: string; incidentId?: string }[] };
        const outcome = body.outcomes?.[0];
        if (response.status !== 200 || outcome?.status !== 'captured' || !outcome.incidentId) {
          refused.push(`${response.status} ${JSON.stringify(body).slice(0, 200)}`);
          return;
        }
        // An incident is timed from its first item (a second item of it would find the alert raised already).
        if (sentAt.has(outcome.incidentId)) return;
        sentAt.set(outcome.incidentId, t0);
        answeredAt.set(outcome.incidentId, t1);
      })(),
    );
    await sleep(Math.max(0, begin + (i + 1) * INTERVAL_MS - Date.now()));
  }
  await Promise.all(posts);
  const waitUntil = Date.now() + 60_000;
  while ([...sentAt.keys()].some((id) => !alertedAt.has(id)) && Date.now() < waitUntil) await sleep(100);
  await consumer.disconnect();

  const since = (stage: Map<string, number>) =>
    [...sentAt].flatMap(([id, t0]) => (stage.has(id) ? [stage.get(id)! - t0] : []));
  const distinct = new Set(sentAt.keys()).size;
  const alert = stats(since(alertedAt));
  const result = {
    benchmark: 'alert',
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cpuModel: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      loadAverage1m: os.loadavg()[0],
    },
    rows: [
      {
        id: 'post-to-duty-alert',
        metric:
          'POST of a central-media item → first notification attempt to the monitor on duty (webhook received): ingestion, grading proposal, reporting obligation, duty alert, notifier',
        unit: 'ms',
        p50: alert.p50,
        p95: alert.p95,
        p99: alert.p99,
        goal: { p95: 5000 },
        detail: {
          itemsPosted: postsSent,
          distinctIncidents: distinct,
          alerted: alert.n,
          notAlerted: distinct - alert.n,
          refused,
          intervalMs: INTERVAL_MS,
          max: alert.max,
        },
      },
      // The baseline: the same incidents' earlier stages, same run.
      {
        id: 'post-answered',
        metric: 'POST → answered (captured, incident committed)',
        unit: 'ms',
        ...stats(since(answeredAt)),
      },
      {
        id: 'post-to-grade-proposed',
        metric: 'POST → grading.GradeProposed consumed from Kafka',
        unit: 'ms',
        ...stats(since(proposedAt)),
      },
      {
        id: 'post-to-obligation-opened',
        metric: 'POST → reporting.ReportingObligationOpened (phone flash) consumed from Kafka',
        unit: 'ms',
        ...stats(since(openedAt)),
      },
    ],
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  for (const service of Object.values(services)) {
    service.process.kill('SIGTERM');
    await new Promise((resolve) => service.process.once('exit', resolve));
  }
  jwks.close();
  webhook.close();
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  for (const schema of Object.values(schemas)) {
    await pool.query(`drop schema if exists ${schema} cascade`);
    await pool.query(`drop schema if exists ${schema}_auth cascade`);
  }
  await pool.end();
}

main().then(
  () => topics.drop().then(() => process.exit(0)),
  (error: unknown) => {
    process.stderr.write(
      `bench:alert failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    void topics.drop().then(() => process.exit(1));
  },
);
