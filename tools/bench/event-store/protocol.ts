// What the orchestrator (event-store.bench.ts) and the two side processes say to each other over IPC, and the
// interface each store's adapter implements. Each store runs in its own process: Emmett's driver (dumbo)
// replaces the `pg` module's global type parsers (bigint, jsonb), which would change what our store reads.
import type { BenchEvent } from './workload';

export type SideName = 'ours' | 'emmett';

export interface SideConfig {
  readonly side: SideName;
  /** The database this side owns for the run (created and dropped by the orchestrator). */
  readonly databaseUrl: string;
  readonly kafkaBrokers: readonly string[];
  /** A topic for this run only, for our relay's messages. */
  readonly kafkaTopic: string;
  readonly runId: string;
}

/** One store, as the generic measuring loops in worker.ts drive it. */
export interface StoreSide {
  readonly name: SideName;
  /** The store's version and the settings that matter for the figures (pool size, poll intervals). */
  describe(): Record<string, unknown>;
  /**
   * Appends to one stream with optimistic concurrency: `expected` is the number of events already in the
   * stream (0: the stream must not exist). Returns the stream's version after the append.
   */
  append(streamId: string, events: readonly BenchEvent[], expected: number): Promise<number>;
  /** How many events the global log holds. */
  count(): Promise<number>;
  /**
   * Reads the whole global log from the start in pages of `pageSize`; returns how many events it read and,
   * when `countDistinct`, how many distinct events (by global position) among them.
   */
  replay(pageSize: number, countDistinct: boolean): Promise<{ read: number; distinct?: number }>;
  /**
   * Starts delivering newly appended events (ours: outbox relay → Kafka → a consumer; Emmett: its PostgreSQL
   * consumer's poller → a reactor) from the log's current end, calling `onDelivered` with each event's seq.
   */
  startDelivery(onDelivered: (seq: number) => void): Promise<Delivery>;
  close(): Promise<void>;
}

export interface Delivery {
  /** What the delivery path measures, for the report. */
  readonly path: string;
  readonly settings: Record<string, unknown>;
  stop(): Promise<void>;
}

export interface AppendArgs {
  readonly row: string;
  readonly writers: number;
  readonly batchSize: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

export interface AppendFigures {
  readonly eventsPerSecond: number;
  readonly events: number;
  readonly appends: number;
  readonly measuredMs: number;
  readonly appendLatencyMs: LatencySummary;
}

export interface ReplayArgs {
  readonly pageSize: number;
  readonly minMeasureMs: number;
  readonly maxPasses: number;
}

export interface ReplayFigures {
  readonly eventsPerSecond: number;
  readonly logEvents: number;
  /** Events each measured pass read: the whole log unless the store's paging skipped some. */
  readonly eventsReadPerPass: readonly number[];
  /** Distinct events among those read by an unmeasured pass: below logEvents means paging skipped some. */
  readonly distinctEventsRead: number;
  readonly complete: boolean;
  readonly passes: number;
  readonly passMs: readonly number[];
}

export interface LagArgs {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly streams: number;
  readonly warmupTimeoutMs: number;
  readonly drainTimeoutMs: number;
}

export interface LagFigures {
  readonly path: string;
  readonly settings: Record<string, unknown>;
  readonly sent: number;
  readonly delivered: number;
  readonly achievedRatePerSecond: number;
  readonly lagMs: LatencySummary;
  readonly warmupMs: number;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export type Command =
  | { readonly cmd: 'setup'; readonly config: SideConfig }
  | { readonly cmd: 'describe' }
  | { readonly cmd: 'append'; readonly args: AppendArgs }
  | { readonly cmd: 'count' }
  | { readonly cmd: 'topUp'; readonly target: number }
  | { readonly cmd: 'replay'; readonly args: ReplayArgs }
  | { readonly cmd: 'lag'; readonly args: LagArgs }
  | { readonly cmd: 'close' };

export interface Request {
  readonly id: number;
  readonly command: Command;
}

export type Reply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Nearest-rank percentiles of a sample, in the sample's unit, rounded to 0.01. */
export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (v: number): number => Math.round(v * 100) / 100;
  return {
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]!),
    mean: round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length),
  };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function log(message: string): void {
  process.stderr.write(`[bench ${process.uptime().toFixed(1).padStart(5)}s] ${message}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
