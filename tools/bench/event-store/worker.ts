// One side of the benchmark, in its own process: the measuring loops, the same for both stores, driving the
// store's adapter (ours-side.ts or emmett-side.ts) on the orchestrator's commands.
import {
  errorText,
  log,
  sleep,
  summarize,
  type AppendArgs,
  type AppendFigures,
  type Command,
  type LagArgs,
  type LagFigures,
  type ReplayArgs,
  type ReplayFigures,
  type Reply,
  type Request,
  type SideConfig,
  type StoreSide,
} from './protocol';
import { benchBatch, benchEvent } from './workload';

/** Events a stream gets before a writer moves on to a new one: aggregates stay short, as they are in use. */
const STREAM_LENGTH = 50;
/** Upper bounds on every loop, besides its deadline. */
const MAX_APPENDS_PER_WRITER = 1_000_000;
const WARM_SEQ_BASE = 1_000_000_000;

async function loadSide(config: SideConfig): Promise<StoreSide> {
  // Loaded on demand so that each process holds only its own store's code (and Emmett's global pg parsers).
  if (config.side === 'ours') return (await import('./ours-side')).createOursSide(config);
  return (await import('./emmett-side')).createEmmettSide(config);
}

async function measureAppends(side: StoreSide, args: AppendArgs): Promise<AppendFigures> {
  const start = performance.now();
  const measureFrom = start + args.warmupMs;
  const end = measureFrom + args.measureMs;
  let events = 0;
  let appends = 0;
  const latencies: number[] = [];

  const writer = async (w: number): Promise<void> => {
    let stream = 0;
    let version = 0;
    let seq = 0;
    for (let i = 0; i < MAX_APPENDS_PER_WRITER && performance.now() < end; i++) {
      if (version >= STREAM_LENGTH) {
        stream++;
        version = 0;
      }
      const batch = benchBatch(seq, args.batchSize, w);
      seq += args.batchSize;
      const t0 = performance.now();
      version = await side.append(`incident-${args.row}-w${w}-s${stream}`, batch, version);
      const t1 = performance.now();
      // Throughput counts the appends that completed inside the window; latency those that also began in it.
      if (t1 >= measureFrom && t1 <= end) {
        events += args.batchSize;
        appends++;
        if (t0 >= measureFrom) latencies.push(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: args.writers }, (_, w) => writer(w)));
  return {
    eventsPerSecond: Math.round(events / (args.measureMs / 1000)),
    events,
    appends,
    measuredMs: args.measureMs,
    appendLatencyMs: summarize(latencies),
  };
}

/** Appends until the log holds `target` events (4 writers, batches of up to 100). */
async function topUp(side: StoreSide, target: number): Promise<number> {
  let remaining = target - (await side.count());
  const writer = async (w: number): Promise<void> => {
    let stream = 0;
    let version = 0;
    for (let i = 0; i < MAX_APPENDS_PER_WRITER && remaining > 0; i++) {
      const size = Math.min(100, remaining);
      remaining -= size;
      if (version + size > 500) {
        stream++;
        version = 0;
      }
      version = await side.append(`incident-topup-w${w}-s${stream}`, benchBatch(i * 100, size, w), version);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
  return side.count();
}

async function measureReplay(side: StoreSide, args: ReplayArgs): Promise<ReplayFigures> {
  const logEvents = await side.count();
  // Warm-up pass (caches, plans, JIT), which also checks that paging neither skips nor repeats events.
  const check = await side.replay(args.pageSize, true);
  const distinctEventsRead = check.distinct ?? 0;
  const passes: { ms: number; read: number }[] = [];
  const start = performance.now();
  for (let i = 0; i < args.maxPasses && (i === 0 || performance.now() - start < args.minMeasureMs); i++) {
    const t0 = performance.now();
    const { read } = await side.replay(args.pageSize, false);
    passes.push({ ms: performance.now() - t0, read });
  }
  const totalMs = passes.reduce((sum, p) => sum + p.ms, 0);
  const totalRead = passes.reduce((sum, p) => sum + p.read, 0);
  const read = [check.read, ...passes.map((p) => p.read)];
  const complete = distinctEventsRead === logEvents && read.every((n) => n === logEvents);
  if (!complete) {
    log(
      `${side.name}: replay passes read ${read.join('/')} events, ${distinctEventsRead} distinct, of ${logEvents}`,
    );
  }
  return {
    eventsPerSecond: Math.round(totalRead / (totalMs / 1000)),
    logEvents,
    eventsReadPerPass: passes.map((p) => p.read),
    distinctEventsRead,
    complete,
    passes: passes.length,
    passMs: passes.map((p) => Math.round(p.ms)),
  };
}

async function measureLag(side: StoreSide, args: LagArgs): Promise<LagFigures> {
  const total = Math.round((args.ratePerSecond * args.durationMs) / 1000);
  const committed = new Float64Array(total).fill(NaN);
  const delivered = new Float64Array(total).fill(NaN);
  const warmSeen = new Set<number>();
  let deliveredCount = 0;
  const delivery = await side.startDelivery((seq) => {
    const now = performance.now();
    if (seq >= WARM_SEQ_BASE) warmSeen.add(seq);
    else if (seq >= 0 && seq < total && Number.isNaN(delivered[seq]!)) {
      delivered[seq] = now;
      deliveredCount++;
    }
  });
  try {
    // Warm up: a warm-up event every 100 ms until the path has delivered for 2 s (Kafka's group join takes
    // seconds), then wait for all of them; bounded in time.
    const warmStart = performance.now();
    let sent = 0;
    let flowingSince: number | undefined;
    for (let i = 0; i < 10_000 && performance.now() - warmStart < args.warmupTimeoutMs; i++) {
      await side.append(
        `incident-lagwarm-${Math.floor(sent / 10)}`,
        [benchEvent(WARM_SEQ_BASE + sent, 0)],
        sent % 10,
      );
      sent++;
      await sleep(100);
      if (warmSeen.size > 0) flowingSince ??= performance.now();
      if (flowingSince !== undefined && performance.now() - flowingSince >= 2000) break;
    }
    while (warmSeen.size < sent && performance.now() - warmStart < args.warmupTimeoutMs) await sleep(20);
    if (warmSeen.size < sent) {
      throw new Error(
        `${side.name}: delivery did not warm up in ${args.warmupTimeoutMs} ms (${warmSeen.size}/${sent})`,
      );
    }
    const warmupMs = Math.round(performance.now() - warmStart);
    await sleep(500);

    // Append at a fixed rate, one writer, batches of 1, round robin over a few streams.
    const versions = new Array<number>(args.streams).fill(0);
    const interval = 1000 / args.ratePerSecond;
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = t0 + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      const s = i % args.streams;
      versions[s] = await side.append(`incident-lag-s${s}`, [benchEvent(i, 0)], versions[s]!);
      committed[i] = performance.now();
    }
    const sendMs = performance.now() - t0;
    const drainStart = performance.now();
    while (deliveredCount < total && performance.now() - drainStart < args.drainTimeoutMs) await sleep(20);

    const lags: number[] = [];
    for (let i = 0; i < total; i++) {
      if (!Number.isNaN(delivered[i]!)) lags.push(Math.max(0, delivered[i]! - committed[i]!));
    }
    return {
      path: delivery.path,
      settings: delivery.settings,
      sent: total,
      delivered: deliveredCount,
      achievedRatePerSecond: Math.round((total / sendMs) * 1000),
      lagMs: summarize(lags),
      warmupMs,
    };
  } finally {
    await delivery.stop();
  }
}

export function runWorker(): void {
  let side: StoreSide | undefined;
  const need = (): StoreSide => {
    if (!side) throw new Error('setup first');
    return side;
  };
  const run = async (command: Command): Promise<unknown> => {
    switch (command.cmd) {
      case 'setup':
        side = await loadSide(command.config);
        return side.describe();
      case 'describe':
        return need().describe();
      case 'append':
        return measureAppends(need(), command.args);
      case 'count':
        return need().count();
      case 'topUp':
        return topUp(need(), command.target);
      case 'replay':
        return measureReplay(need(), command.args);
      case 'lag':
        return measureLag(need(), command.args);
      case 'close':
        await side?.close();
        side = undefined;
        return null;
    }
  };
  process.on('message', (request: Request) => {
    run(request.command).then(
      (result) => {
        const reply: Reply = { id: request.id, ok: true, result };
        process.send?.(reply, () => {
          if (request.command.cmd === 'close') process.exit(0);
        });
      },
      (error: unknown) => {
        log(`worker error in ${request.command.cmd}: ${errorText(error)}`);
        const reply: Reply = { id: request.id, ok: false, error: errorText(error) };
        process.send?.(reply);
      },
    );
  });
  // The orchestrator went away: leave too.
  process.on('disconnect', () => process.exit(1));
}
