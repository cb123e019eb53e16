// npm run bench:ingestion — items/s through the ingestion batch API to committed incident events (real
// PostgreSQL and Kafka, real tokens), and capture-to-event latency at a fixed rate (POST sent → the item's
// event consumed from Kafka). Prints one JSON document on stdout; progress on stderr. Asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { generateSigningKey, TokenSigner } from '@yuqing/auth';
import { eventsTopic } from '@yuqing/contracts';
import { createKafka } from '@yuqing/messaging';
import { cpuPerUnit, cpuSeconds, peakRssMiB } from './cpu';
import { log, sleep } from './event-store/protocol';
import { infraAddresses } from './infra';
import { runTopics } from './topics';

// Topics of this run's own (YUQING_TOPIC_NAMESPACE), inherited by the services it starts; deleted at the end.
const topics = runTopics('ingestion');

const UNITS = ['cn.yn.km.b1', 'cn.yn.km.b2', 'cn.yn.km.b3', 'cn.yn.km.b4'];
/** Items per request in the throughput phase (BENCH_BATCH); the service takes up to CAPTURE_BATCH_MAX (500). */
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
/** Service replicas (BENCH_INSTANCES): the service is stateless, so a deployment runs several. */
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2);
/** Length of the throughput phase (BENCH_SECONDS); it reports items/s per window too, to show it holds. */
const THROUGHPUT_MS = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const WINDOW_MS = 5_000;
/** Unmeasured load before the throughput phase (BENCH_WARMUP_SECONDS). */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5) * 1000;
const LATENCY = { ratePerSecond: 200, batch: 10, durationMs: 10_000 };
const ISSUER = 'https://bench.invalid';
const ROOT = path.resolve(__dirname, '../..');

const PLACES = [
  '西山区',
  '碧鸡街道',
  '官渡区',
  '盘龙区',
  '五华区',
  '呈贡区',
  '晋宁区',
  '宜良县',
  '石林县',
  '嵩明县',
];
const EVENTS = [
  '河道污染',
  '工地欠薪',
  '拆迁补偿',
  '路面塌陷',
  '停水停电',
  '垃圾堆放',
  '噪音扰民',
  '物业纠纷',
  '学校收费',
  '医院排队',
];
// Sentences that stories are built from: each story picks its own, so stories differ as real ones do.
const SENTENCES = [
  '附近居民多次向有关部门反映，但问题始终没有得到解决',
  '记者走访发现现场情况与网友描述基本一致',
  '有居民表示希望政府部门尽快介入给群众一个说法',
  '相关部门工作人员表示已关注到此事将组织人员调查核实',
  '网友纷纷留言表示类似情况在周边也时有发生',
  '有业主称已向12345热线投诉三次仍无回音',
  '街道办事处回应称正在协调施工单位制定整改方案',
  '有律师表示当事人可以依法维护自身合法权益',
  '视频在短视频平台播放量已超过十万次',
  '涉事单位负责人表示将在一周内给出处理意见',
  '多名家长联名写信反映孩子上下学安全问题',
  '现场有工作人员拉起警戒线并设置临时围挡',
  '环保志愿者拍摄的照片显示水面漂浮大量垃圾',
  '商户反映营业额因此下降了三成',
  '社区网格员表示已将情况上报街道',
  '有网友质疑相关部门监管不力',
  '截至发稿时问题仍未得到解决',
  '当地派出所已介入调查',
  '专家建议尽快开展第三方检测',
  '村民代表表示愿意配合政府工作',
];

let sequence = 0;

/** Names and details of a story of its own (a street, a company, a person), so stories differ in their words. */
function storyDetails(story: number): string {
  const syllables = '安宝昌东丰富光海和华吉佳金锦康乐力龙美明宁平庆瑞盛顺泰通旺祥新兴阳永裕兆振正中';
  const name = (k: number) =>
    syllables[(story * 13 + k * 7) % syllables.length]! +
    syllables[(story * 29 + k * 11) % syllables.length]!;
  return `${name(1)}路${name(2)}小区、${name(3)}公司和${name(4)}村的${name(5)}先生`;
}

/** A story's own text: a place, an event, its own names, and sentences of its own choosing. */
function storyText(story: number): string {
  const picked = [0, 1, 2, 3].map((k) => SENTENCES[(story * 7 + k * 3) % SENTENCES.length]!);
  return `${PLACES[story % 10]}有网友发帖反映${EVENTS[Math.floor(story / 10) % 10]}问题，涉及${storyDetails(story)}。${picked.join('。')}。`;
}

/** A realistic item: one of 100 stories (place × event), often a repost of an earlier one, sometimes irrelevant. */
function item(run: string): Record<string, unknown> {
  const n = sequence++;
  const story = (n * 7919) % 100;
  const place = PLACES[story % 10]!;
  const event = EVENTS[Math.floor(story / 10)]!;
  const irrelevant = n % 10 === 9;
  const repost = n % 3 === 0;
  const title = irrelevant
    ? `周末美食推荐第${n}期`
    : `${repost ? '【转载】' : ''}${place}${event}问题引发关注（${n}）`;
  const text = irrelevant
    ? `本期为大家推荐几家米线店和烧烤店，味道不错，价格实惠，欢迎打卡。第${n}期。`
    : `${repost ? '转载：' : `网友${n}：`}${storyText(story)}${repost ? ` 来源：网友爆料 编辑：${n}` : ''}`;
  return {
    url: `https://bench.example.cn/${run}/${n}`,
    platform: n % 4 === 0 ? 'weibo' : 'forum',
    reachTier: (['city-site', 'local', 'individual-account', 'provincial-portal'] as const)[n % 4],
    outlet: `媒体${n % 37}`,
    title,
    text,
    engagement: { views: (n * 31) % 5000, reposts: n % 50, comments: n % 80 },
    captureMethod: 'crawler',
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

async function post(
  base: string,
  token: string,
  body: unknown,
): Promise<{ status: number; json: { outcomes?: { status: string }[] } }> {
  const response = await fetch(`${base}/api/ingestion/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { outcomes?: { status: string }[] } };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { databaseUrl, kafkaBrokers } = infraAddresses();
  const run = `b${Date.now().toString(36)}`;
  const schema = `bench_ingestion_${run}`;
  const topic = eventsTopic('ingestion');
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'bench-ingestion' });

  const key = await generateSigningKey();
  const signer = new TokenSigner({ key, issuer: ISSUER, audience: 'yuqing' });
  // The service runs as in production, in a process of its own; it fetches the signing keys from this JWKS.
  const jwks = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [key.publicJwk] })),
  );
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const startService = async (): Promise<{ url: string; process: ChildProcess }> => {
    const service = spawn(
      process.execPath,
      // As npm start runs it (tools/start.js); BENCH_NODE_ARGS replaces the flags, e.g.
      // "--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service itself.
      [
        ...(process.env.BENCH_NODE_ARGS ?? '--max-semi-space-size=64').split(' ').filter(Boolean),
        '-r',
        '@swc-node/register',
        path.join(ROOT, 'apps/ingestion/src/main.ts'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: kafkaBrokers.join(','),
          INGESTION_SCHEMA: schema,
          CONSUMER_GROUP_PREFIX: schema,
          FEED_POLLER: 'off',
          CAPTURE_BATCH_MAX: '500',
          PORT: '0',
          PG_POOL_MAX: '20',
          // info: the start-up line that names the URL is an info line.
          LOG_LEVEL: 'info',
          AUTH_ISSUER: ISSUER,
          AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      service.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.includes('"listening"'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      service.once('exit', (code) => reject(new Error(`the ingestion service exited with ${code}`)));
    });
    return { url, process: service };
  };
  // Replicas of the stateless service, as a deployment scales it; each org unit is sent to one of them.
  const services: { url: string; process: ChildProcess }[] = [];
  for (let i = 0; i < INSTANCES; i++) services.push(await startService());
  const urlOf = (unitIndex: number): string => services[unitIndex % services.length]!.url;
  const url = urlOf(0);
  const admin = (unit: string) =>
    signer.sign({
      subject: 'bench-admin',
      kind: 'user',
      grants: [{ grantId: `g-admin-${unit}`, role: 'opinion-admin', orgUnit: unit }],
    });
  const crawler = (unit: string) =>
    signer.sign({
      subject: 'bench-crawler',
      kind: 'integrator',
      grants: [{ grantId: `g-crawler-${unit}`, role: 'integrator', orgUnit: unit }],
      scopes: ['ingestion.capture-item'],
    });
  for (const unit of UNITS) {
    await fetch(`${url}/api/ingestion/rules/bench-${unit.replace(/\./g, '-')}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await admin(unit)}` },
      body: JSON.stringify({
        orgUnit: unit,
        name: '基准规则',
        expression: `(${PLACES.join(' OR ')}) AND (${EVENTS.join(' OR ')})`,
      }),
    });
  }
  const tokens = await Promise.all(UNITS.map(crawler));

  // Every unit keeps one batch in flight for `ms`; `answered` hears of each answered batch.
  const load = async (
    ms: number,
    answered: (outcomes: readonly { status: string }[], at: number) => void,
  ): Promise<void> => {
    const start = Date.now();
    await Promise.all(
      UNITS.map(async (unit, u) => {
        while (Date.now() - start < ms) {
          const response = await post(urlOf(u), tokens[u]!, {
            orgUnit: unit,
            items: Array.from({ length: BATCH }, () => item(run)),
          });
          if (response.status !== 200)
            throw new Error(
              `capture answered ${response.status}: ${JSON.stringify(response.json).slice(0, 300)}`,
            );
          answered(response.json.outcomes ?? [], Date.now());
        }
      }),
    );
  };
  // Sustained means published too: the relay may still be behind when the last request is answered.
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const relayBehind = async (): Promise<boolean> => {
    const { rows } = await pool.query<{ behind: boolean }>(
      `select coalesce((select (transaction_id, global_position) from ${schema}.events
                          order by transaction_id desc, global_position desc limit 1)
                       > (select (transaction_id, global_position) from ${schema}.checkpoints
                           where name = 'relay:kafka-relay'), true) as behind`,
    );
    return rows[0]?.behind ?? true;
  };
  const drained = async (what: string): Promise<void> => {
    const drainBy = Date.now() + 120_000;
    while (await relayBehind()) {
      if (Date.now() > drainBy) throw new Error(`the relay did not publish ${what} within 2 minutes`);
      await sleep(20);
    }
  };

  // Warm-up under the same load, not measured: segmentation dictionary, JIT, connection pools, open
  // incidents. A service runs for days; its first seconds are not its rate. Then the relay catches up.
  log(`warming up for ${WARMUP_MS / 1000} s`);
  await load(WARMUP_MS, () => undefined);
  await drained('the warm-up');

  log(
    `throughput: ${UNITS.length} units, one batch of ${BATCH} in flight per unit, ${THROUGHPUT_MS / 1000} s`,
  );
  const outcomes: Record<string, number> = {};
  const answeredByWindow: number[] = [];
  let items = 0;
  let requests = 0;
  const servicePids = services.flatMap(({ process: child }) => (child.pid ? [child.pid] : []));
  const cpuBefore = cpuSeconds(servicePids);
  const throughputStart = Date.now();
  await load(THROUGHPUT_MS, (answers, at) => {
    requests++;
    items += BATCH;
    const window = Math.floor((at - throughputStart) / WINDOW_MS);
    answeredByWindow[window] = (answeredByWindow[window] ?? 0) + BATCH;
    for (const outcome of answers) outcomes[outcome.status] = (outcomes[outcome.status] ?? 0) + 1;
  });
  const throughputSeconds = (Date.now() - throughputStart) / 1000;
  const itemsPerSecond = Math.round(items / throughputSeconds);
  // The phase ends for this figure (and for the CPU accounting) when the relay's checkpoint reaches the head.
  await drained('the phase');
  const publishedSeconds = (Date.now() - throughputStart) / 1000;
  const publishedPerSecond = Math.round(items / publishedSeconds);
  const cpu = cpuPerUnit(cpuBefore, cpuSeconds(servicePids), items, publishedSeconds);
  log(
    `  ${itemsPerSecond} items/s committed, ${publishedPerSecond} items/s published; CPU ms per item ${JSON.stringify(cpu.msPerUnit)}`,
  );

  log(
    `latency: ${LATENCY.ratePerSecond} items/s in batches of ${LATENCY.batch} for ${LATENCY.durationMs / 1000} s`,
  );
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  const consumer = kafka.consumer({ groupId: `bench-${run}`, sessionTimeout: 10000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (String(message.headers?.ce_type) !== 'ingestion.ItemCaptured') return;
      const itemUrl = (JSON.parse(String(message.value)) as { url: string }).url;
      const t = sentAt.get(itemUrl);
      if (t !== undefined) {
        lags.push(Date.now() - t);
        sentAt.delete(itemUrl);
      }
    },
  });
  await sleep(3000);
  const interval = (1000 * LATENCY.batch) / LATENCY.ratePerSecond;
  const latencyStart = Date.now();
  let tick = 0;
  const pending: Promise<unknown>[] = [];
  while (Date.now() - latencyStart < LATENCY.durationMs) {
    const unit = tick % UNITS.length;
    // Only relevant, fresh items, so each is captured and published.
    const batch = Array.from({ length: LATENCY.batch }, () => {
      let candidate = item(run);
      while (String(candidate.title).startsWith('周末')) candidate = item(run);
      return candidate;
    });
    const now = Date.now();
    for (const candidate of batch) sentAt.set(String(candidate.url), now);
    pending.push(post(urlOf(unit), tokens[unit]!, { orgUnit: UNITS[unit], items: batch }));
    tick++;
    await sleep(Math.max(0, latencyStart + tick * interval - Date.now()));
  }
  await Promise.all(pending);
  const deadline = Date.now() + 20_000;
  while (sentAt.size > 0 && Date.now() < deadline) await sleep(100);
  await consumer.disconnect();
  lags.sort((a, b) => a - b);

  const { rows } = await pool.query<{ incidents: number; items: number }>(
    `select (select count(*)::int from ${schema}.incidents) as incidents, (select count(*)::int from ${schema}.items) as items`,
  );
  const result = {
    benchmark: 'ingestion',
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
        id: 'capture-throughput',
        metric:
          'items/s through POST /api/ingestion/items to events committed and published to Kafka (relevance, dedup, clustering, heat, inline read models, relay)',
        unit: 'items/s',
        value: publishedPerSecond,
        goal: 2000,
        detail: {
          instances: INSTANCES,
          units: UNITS.length,
          batchSize: BATCH,
          requests,
          items,
          // Until the last request was answered: its events committed, perhaps not all published yet.
          committedPerSecond: itemsPerSecond,
          seconds: throughputSeconds,
          // Items answered in each whole 5-second window of the phase, per second: flat when the rate holds.
          committedPerSecondByWindow: Array.from({ length: Math.floor(THROUGHPUT_MS / WINDOW_MS) }, (_, w) =>
            Math.round((answeredByWindow[w] ?? 0) / (WINDOW_MS / 1000)),
          ),
          // Until the relay had published every event of the phase.
          publishedSeconds,
          outcomes,
          // CPU time (user + system, from /proc) per item offered, and cores kept busy, by process group.
          cpuMsPerItem: cpu.msPerUnit,
          coresBusy: cpu.cores,
          // Peak resident memory of each replica over the whole run (VmHWM).
          servicePeakRssMiB: peakRssMiB(servicePids),
          incidentsOpened: rows[0]?.incidents,
          itemsKept: rows[0]?.items,
        },
      },
      {
        id: 'capture-to-event-latency',
        metric: `POST sent → ItemCaptured consumed from Kafka, at ${LATENCY.ratePerSecond} items/s in batches of ${LATENCY.batch}`,
        unit: 'ms',
        p50: percentile(lags, 50),
        p95: percentile(lags, 95),
        p99: percentile(lags, 99),
        detail: { delivered: lags.length, lost: sentAt.size },
      },
    ],
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  for (const service of services) {
    service.process.kill('SIGTERM');
    await new Promise((resolve) => service.process.once('exit', resolve));
  }
  jwks.close();
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
}

main().then(
  () => topics.drop().then(() => process.exit(0)),
  (error: unknown) => {
    process.stderr.write(
      `bench:ingestion failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    void topics.drop().then(() => process.exit(1));
  },
);
