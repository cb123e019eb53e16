// npm run bench:event-store — our PostgreSQL event store beside @event-driven-io/emmett-postgresql on the same
// PostgreSQL in the same run: append throughput, read-all replay throughput and relay end-to-end lag.
// Prints one JSON document on stdout; progress goes to stderr. A benchmark, not a test: it asserts nothing.
// docs/benchmarks.md explains the rows and keeps the figures of the last recorded run.
//
// The orchestrator (this process) brings the infrastructure up, creates a database for each side, and drives
// two worker processes (this file with --worker), one per store, row by row, alternating which goes first.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  errorText,
  log,
  type AppendArgs,
  type AppendFigures,
  type Command,
  type LagArgs,
  type LagFigures,
  type ReplayArgs,
  type ReplayFigures,
  type Reply,
  type SideName,
} from './event-store/protocol';
import { runWorker } from './event-store/worker';
import { infraAddresses } from './infra';
import { EVENT_TYPE, eventSizes } from './event-store/workload';

const ROOT = path.resolve(__dirname, '../..');
const DATABASES: Record<SideName, string> = { ours: 'yuqing_bench_ours', emmett: 'yuqing_bench_emmett' };
const SIDES: readonly SideName[] = ['ours', 'emmett'];

const APPEND_ROWS: readonly { batchSize: number; writers: number }[] = [
  { batchSize: 1, writers: 1 },
  { batchSize: 10, writers: 1 },
  { batchSize: 1, writers: 8 },
  { batchSize: 10, writers: 8 },
];
/** Each append row runs twice per side, in the order A B B A, so that drift in the machine's load cancels out. */
const APPEND_WARMUP_MS = 500;
const APPEND_MEASURE_MS = 2500;
/** The replayed log holds at least this many events, and the same number on both sides. */
const REPLAY_MIN_EVENTS = 50_000;
const REPLAY: ReplayArgs = { pageSize: 1000, minMeasureMs: 3000, maxPasses: 8 };
const LAG: LagArgs = {
  ratePerSecond: 200,
  durationMs: 10_000,
  streams: 20,
  warmupTimeoutMs: 60_000,
  drainTimeoutMs: 20_000,
};

// ---- infrastructure --------------------------------------------------------------------------------------

function databaseUrlFor(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops then creates the run's databases (names only this benchmark uses). */
async function createDatabases(databaseUrl: string): Promise<void> {
  await withAdmin(databaseUrl, async (client) => {
    for (const name of Object.values(DATABASES)) {
      await client.query(`drop database if exists ${name} with (force)`);
      await client.query(`create database ${name}`);
    }
  });
}

async function dropDatabases(databaseUrl: string): Promise<void> {
  await withAdmin(databaseUrl, async (client) => {
    for (const name of Object.values(DATABASES))
      await client.query(`drop database if exists ${name} with (force)`);
  });
}

async function machine(databaseUrl: string): Promise<Record<string, unknown>> {
  const cpus = os.cpus();
  const pg = await withAdmin(databaseUrl, async (client) => {
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings
        where name in ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'max_connections')`,
    );
    const version = (await client.query<{ version: string }>('select version()')).rows[0]!.version;
    // Other work on the same server skews the figures: say how much there was when the run began.
    const others = await client.query<{ sessions: number; active: number }>(
      `select count(*)::int as sessions, count(*) filter (where state = 'active')::int as active
         from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`,
    );
    return {
      version,
      settings: Object.fromEntries(
        rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting]),
      ),
      otherSessions: others.rows[0]!,
    };
  });
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: pg.version,
    postgresSettings: pg.settings,
    otherPostgresSessionsAtStart: pg.otherSessions,
    kafkajs: packageVersion('kafkajs'),
    loadAverage1mAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

function packageVersion(name: string): string {
  const file = path.join(ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

function gitRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'libs/event-store', 'libs/messaging'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} (libs/event-store or libs/messaging modified)` : head;
  } catch {
    return 'unknown';
  }
}

// ---- workers ---------------------------------------------------------------------------------------------

class Worker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly child: ChildProcess;

  constructor(readonly side: SideName) {
    // The child's stdout goes to our stderr: stdout carries only the JSON result.
    this.child = fork(__filename, ['--worker'], { stdio: ['ignore', 2, 2, 'ipc'] });
    this.child.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(`${side} worker: ${reply.error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiting of this.pending.values())
        waiting.reject(new Error(`${side} worker exited (${code})`));
      this.pending.clear();
    });
  }

  /** Sends a command; the worker answers with the result type that the command names. */
  call<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      this.child.send({ id, command });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await Promise.race([this.call<null>({ cmd: 'close' }).catch(() => null), exited]);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

// ---- rows ------------------------------------------------------------------------------------------------

interface Row {
  readonly id: string;
  readonly metric: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly ours: number;
  readonly emmett: number;
  /** ours / emmett */
  readonly ratio: number;
  readonly [key: string]: unknown;
}

function ratio(ours: number, emmett: number): number {
  return emmett === 0 ? NaN : Math.round((ours / emmett) * 100) / 100;
}

/** Runs one measurement on both sides, one after the other; `oursFirst` alternates from row to row. */
async function bothSides<T>(
  workers: Record<SideName, Worker>,
  oursFirst: boolean,
  run: (worker: Worker) => Promise<T>,
): Promise<Record<SideName, T>> {
  const order: SideName[] = oursFirst ? ['ours', 'emmett'] : ['emmett', 'ours'];
  const out: Partial<Record<SideName, T>> = {};
  for (const side of order) out[side] = await run(workers[side]);
  return out as Record<SideName, T>;
}

async function main(): Promise<void> {
  const started = Date.now();
  const { databaseUrl, kafkaBrokers } = infraAddresses();
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  log(`run ${runId}: creating databases ${Object.values(DATABASES).join(', ')}`);
  await createDatabases(databaseUrl);
  const workers = { ours: new Worker('ours'), emmett: new Worker('emmett') };
  const rows: Row[] = [];
  let contenders: Record<string, unknown> = {};
  try {
    const machineInfo = await machine(databaseUrl);
    const described = await Promise.all(
      SIDES.map((side) =>
        workers[side].call<Record<string, unknown>>({
          cmd: 'setup',
          config: {
            side,
            databaseUrl: databaseUrlFor(databaseUrl, DATABASES[side]),
            kafkaBrokers,
            kafkaTopic: `yuqing.bench.relay.${runId}`,
            runId,
          },
        }),
      ),
    );
    contenders = { ours: described[0], emmett: described[1] };

    log('warming both stores up');
    const warmup: AppendArgs = { row: 'warmup', writers: 8, batchSize: 5, warmupMs: 0, measureMs: 1500 };
    await bothSides(workers, true, (w) => w.call<AppendFigures>({ cmd: 'append', args: warmup }));

    let oursFirst = true;
    for (const { batchSize, writers } of APPEND_ROWS) {
      const id = `append-batch${batchSize}-writers${writers}`;
      log(
        `${id}: 2 × (${APPEND_WARMUP_MS} ms warm-up + ${APPEND_MEASURE_MS} ms measured) each side, A B B A`,
      );
      const args = (window: number): AppendArgs => ({
        row: `${id}-${window}`,
        writers,
        batchSize,
        warmupMs: APPEND_WARMUP_MS,
        measureMs: APPEND_MEASURE_MS,
      });
      const first = await bothSides(workers, oursFirst, (w) =>
        w.call<AppendFigures>({ cmd: 'append', args: args(1) }),
      );
      const second = await bothSides(workers, !oursFirst, (w) =>
        w.call<AppendFigures>({ cmd: 'append', args: args(2) }),
      );
      oursFirst = !oursFirst;
      const rate = (side: SideName): number =>
        Math.round(
          (first[side].events + second[side].events) /
            ((first[side].measuredMs + second[side].measuredMs) / 1000),
        );
      const ours = rate('ours');
      const emmett = rate('emmett');
      rows.push({
        id,
        metric: `append events/s, batch size ${batchSize}, ${writers} concurrent writer${writers > 1 ? 's' : ''}`,
        unit: 'events/s',
        higherIsBetter: true,
        batchSize,
        writers,
        ours,
        emmett,
        ratio: ratio(ours, emmett),
        detail: { ours: [first.ours, second.ours], emmett: [first.emmett, second.emmett] },
      });
      log(`  ours ${ours} events/s, emmett ${emmett} events/s`);
    }

    const counts = await bothSides(workers, true, (w) => w.call<number>({ cmd: 'count' }));
    const target = Math.max(counts.ours, counts.emmett, REPLAY_MIN_EVENTS);
    log(`topping both logs up to ${target} events (ours ${counts.ours}, emmett ${counts.emmett})`);
    await Promise.all(SIDES.map((side) => workers[side].call<number>({ cmd: 'topUp', target })));

    log(`read-all replay of ${target} events in pages of ${REPLAY.pageSize}`);
    const replay = await bothSides(workers, oursFirst, (w) =>
      w.call<ReplayFigures>({ cmd: 'replay', args: REPLAY }),
    );
    oursFirst = !oursFirst;
    rows.push({
      id: 'read-all-replay',
      metric: `read-all replay events/s: the whole global log (${target} events) from the start, pages of ${REPLAY.pageSize}`,
      unit: 'events/s',
      higherIsBetter: true,
      pageSize: REPLAY.pageSize,
      logEvents: target,
      ours: replay.ours.eventsPerSecond,
      emmett: replay.emmett.eventsPerSecond,
      ratio: ratio(replay.ours.eventsPerSecond, replay.emmett.eventsPerSecond),
      measures: {
        ours: 'PostgresEventStore.readAll(checkpoint, 1000) until a short page',
        emmett: 'readMessagesBatch(execute, { after, batchSize: 1000 }) until areMessagesLeft is false',
      },
      detail: replay,
    });
    log(`  ours ${replay.ours.eventsPerSecond} events/s, emmett ${replay.emmett.eventsPerSecond} events/s`);

    log(`relay lag: ${LAG.ratePerSecond} events/s for ${LAG.durationMs} ms, each side`);
    const lag = await bothSides(workers, oursFirst, (w) => w.call<LagFigures>({ cmd: 'lag', args: LAG }));
    const measures = { ours: lag.ours.path, emmett: lag.emmett.path };
    for (const q of ['p50', 'p99'] as const) {
      rows.push({
        id: `relay-lag-${q}`,
        metric: `relay end-to-end lag ${q} at ${LAG.ratePerSecond} events/s (append commit → consumer sees it)`,
        unit: 'ms',
        higherIsBetter: false,
        ratePerSecond: LAG.ratePerSecond,
        durationMs: LAG.durationMs,
        ours: lag.ours.lagMs[q],
        emmett: lag.emmett.lagMs[q],
        ratio: ratio(lag.ours.lagMs[q], lag.emmett.lagMs[q]),
        measures,
        comparable:
          'not like for like: ours crosses Kafka (relay poll + produce with acks=all + consumer fetch); ' +
          "Emmett's consumer is an in-process poller of its own table with no broker",
        detail: lag,
      });
    }
    log(
      `  lag p50/p99 ms: ours ${lag.ours.lagMs.p50}/${lag.ours.lagMs.p99}, emmett ${lag.emmett.lagMs.p50}/${lag.emmett.lagMs.p99}`,
    );

    const result = {
      benchmark: 'event-store',
      date: new Date(started).toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      revision: gitRevision(),
      machine: { ...machineInfo, loadAverage1mAtEnd: Math.round(os.loadavg()[0]! * 100) / 100 },
      contenders,
      workload: {
        eventType: EVENT_TYPE,
        ...eventSizes(),
        streams: 'each writer appends to its own streams, 50 events a stream, with the expected version',
        processes: 'each store runs in its own Node.js process; the other one is idle meanwhile',
        appendWindowMs: {
          warmup: APPEND_WARMUP_MS,
          measured: APPEND_MEASURE_MS,
          windowsPerSide: 2,
          order: 'A B B A',
        },
      },
      ratio: 'ours / emmett: above 1 favours ours on events/s rows, below 1 favours ours on ms rows',
      rows,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    printSummary(rows);
  } finally {
    await Promise.all(SIDES.map((side) => workers[side].close().catch(() => undefined)));
    await dropDatabases(databaseUrl).catch((error: unknown) =>
      log(`could not drop databases: ${errorText(error)}`),
    );
    log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

/** A markdown table of the rows on stderr, for docs/benchmarks.md. */
function printSummary(rows: readonly Row[]): void {
  const lines = [
    '| row | ours | emmett | ours/emmett |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.metric} | ${r.ours} ${r.unit} | ${r.emmett} ${r.unit} | ${r.ratio} |`),
  ];
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
}

if (process.argv.includes('--worker')) {
  runWorker();
} else {
  main().catch((error: unknown) => {
    log(`FAILED: ${errorText(error)}`);
    process.exitCode = 1;
  });
}
