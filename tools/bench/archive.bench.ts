// npm run bench:archive — auditors' as-of (GET /api/archive/incidents/{id}/as-of) on a store of a million archive
// events: many case streams seeded in a throwaway schema through the event store itself (appendMany in big
// transactions, so every row is a valid, hash-chained event), each made by archive's own decider from a realistic
// incident (items and media reports, grades, flash-report obligations and their outcomes, wording, releases,
// summary, closure). Then, over random cases and instants, the as-of path (read the case stream, fold it with
// `caseAsOf`) side by side with its baseline in the same run: reading the same stream raw, without folding.
// Prints one JSON document on stdout; progress on stderr. Asserts nothing; not part of `npm test`.
import os from 'node:os';
import { Pool } from 'pg';
import { archiveStreams, type EventMetadata, type NewEvent } from '@yuqing/contracts';
/* eslint-disable @nx/enforce-module-boundaries -- a benchmark of archive's as-of path, run by hand: tools/bench is
   no library, and it must time the very fold the service runs */
import {
  caseAsOf,
  decideCase,
  DEFAULT_CASE_POLICY,
  entryFor,
  evolveCase,
  initialCaseState,
  itemEntry,
  type CaseCommand,
  type CaseState,
  type EntryDraft,
  type SourceEvent,
} from '@yuqing/archive-domain';
/* eslint-enable @nx/enforce-module-boundaries */
import { migrate, PostgresEventStore, uuidv7, type StreamAppend } from '@yuqing/event-store';
import { log } from './event-store/protocol';
import { infraAddresses } from './infra';

/** Events in the store at least (BENCH_ARCHIVE_EVENTS). */
const TARGET_EVENTS = Number(process.env.BENCH_ARCHIVE_EVENTS ?? 1_000_000);
/** Measured as-of reads (BENCH_ARCHIVE_SAMPLES), each with its baseline read of the same stream. */
const SAMPLES = Number(process.env.BENCH_ARCHIVE_SAMPLES ?? 2_000);
const WARMUP = 200;
/** Events per seeding transaction: one appendMany over many case streams. */
const SEED_BATCH = 10_000;
/** Seeding transactions in flight at once (distinct streams, so they never wait on each other). */
const SEED_WRITERS = Number(process.env.BENCH_ARCHIVE_WRITERS ?? 2);
const SCHEMA = `bench_archive_${Date.now().toString(36)}`;
const UNITS = ['cn.yn.km.yl', 'cn.yn.km.sl', 'cn.yn.km.sm', 'cn.yn.km.xs', 'cn.yn.km.gd', 'cn.yn.km.pl'];
const MINUTE = 60_000;
/** Incidents began over the year before the run. */
const YEAR_START = Date.now() - 365 * 24 * 60 * MINUTE;

/** A small deterministic PRNG (mulberry32), so every run seeds the same store. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261207);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

const TITLES = [
  '自来水浑浊',
  '路面塌陷',
  '工地欠薪',
  '拆迁补偿',
  '河道污染',
  '学校收费',
  '物业纠纷',
  '噪音扰民',
];
const PLACES = ['宜良县', '石林县', '嵩明县', '西山区', '官渡区', '盘龙区'];
const OUTLETS = [
  { outlet: '宜良论坛', reachTier: 'local', platform: 'forum' },
  { outlet: '云南网', reachTier: 'provincial-portal', platform: 'news-site' },
  { outlet: '人民网', reachTier: 'central-media', platform: 'news-site' },
  { outlet: '微博网友', reachTier: 'local', platform: 'weibo' },
];

interface SeededCase {
  readonly incidentId: string;
  readonly orgUnit: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly events: NewEvent[];
}

/** One incident's case stream, made by the archive's decider from the events its contexts would publish. */
function makeCase(size: number): SeededCase {
  const incidentId = uuidv7();
  const orgUnit = pick(UNITS);
  const startedAt = YEAR_START + Math.floor(random() * 360 * 24 * 60) * MINUTE;
  let clock = startedAt;
  let state: CaseState = initialCaseState();
  let position = 0;
  const events: NewEvent[] = [];
  const run = (command: CaseCommand): void => {
    for (const event of decideCase(command, state)) {
      state = evolveCase(state, event);
      events.push(event);
    }
  };
  const source = (type: string, data: Record<string, unknown>): SourceEvent => {
    clock += Math.floor(1 + random() * 20) * MINUTE;
    position += 1;
    return {
      eventId: uuidv7(),
      type,
      schemaVersion: 1,
      streamId: `${type.split('.')[0]}-incident-${incidentId}`,
      streamPosition: position,
      time: new Date(clock),
      data: { incidentId, ...data },
    };
  };
  const file = (type: string, data: Record<string, unknown>): void => {
    const entry: EntryDraft | undefined = entryFor(source(type, data));
    if (!entry) throw new Error(`${type} files nothing`);
    run({ kind: 'file', caseId: incidentId, entry, newItem: false, policy: DEFAULT_CASE_POLICY });
  };
  const item = (): void => {
    const from = pick(OUTLETS);
    const itemId = uuidv7();
    const attached = source('ingestion.ItemAttachedToIncident', { itemId, relation: 'same-event' });
    const entry = itemEntry(
      {
        itemId,
        title: `${pick(PLACES)}${pick(TITLES)}，网民反映问题多日未解决`,
        url: `https://example.cn/t/${itemId}`,
        publishedAt: null,
        capturedAt: new Date(clock - MINUTE).toISOString(),
        ...from,
      },
      attached,
    );
    run({ kind: 'file', caseId: incidentId, entry, newItem: true, policy: DEFAULT_CASE_POLICY });
  };
  const iso = (minutesFromNow: number): string => new Date(clock + minutesFromNow * MINUTE).toISOString();
  const level = random() < 0.3 ? 'level-1' : random() < 0.6 ? 'level-2' : 'level-3';
  const grade = { level, exceptional: false };
  const title = `${pick(PLACES)}${pick(TITLES)}`;

  file('ingestion.IncidentDetected', { title, itemIds: [uuidv7()] });
  item();
  file('grading.GradeProposed', { proposalId: 'prop-1', grade, rationale: '达到定级标准' });
  const obligations =
    level === 'level-1'
      ? ['phone-flash', 'paper-flash']
      : level === 'level-2'
        ? ['bulletin']
        : ['handling-result'];
  const owed = obligations.map((kind, i) => ({ obligationId: `ob-${i}`, kind, dueAt: iso(30 + i * 60) }));
  for (const o of owed) file('reporting.ReportingObligationOpened', { ...o, grade, provisional: false });
  file('grading.GradeConfirmed', { proposalId: 'prop-1', grade });
  file('grading.AssessmentConvened', { assessmentId: 'asm-1', format: 'leading-group-with-department' });
  // Items and media reports arrive all along the handling: most of a big case is its items.
  const core = 14 + owed.length * 2;
  const items = Math.max(0, size - core);
  const itemsNow = Math.floor(items / 2);
  for (let i = 0; i < itemsNow; i++) item();
  for (const o of owed) {
    file('reporting.FlashReportSent', {
      reportId: uuidv7(),
      obligationId: o.obligationId,
      method: 'phone',
      recipientOrgUnitId: 'org-city',
      summary: '报告情况',
    });
    file('reporting.ReportingObligationFulfilled', {
      ...o,
      reportId: uuidv7(),
      fulfilledAt: iso(0),
      onTime: true,
    });
  }
  file('grading.AssessmentConcluded', {
    assessmentId: 'asm-1',
    trend: 'steady',
    conclusion: '由主管部门牵头处置',
  });
  file('guidance.WordingDrafted', { wordingId: 'w-1', version: 1, text: '正在核查。' });
  file('guidance.WordingApproved', { wordingId: 'w-1', version: 1 });
  file('guidance.ReleasePrepared', { releaseId: 'rel-1', channel: '县政府网', text: '情况通报' });
  file('guidance.ReleaseApproved', { releaseId: 'rel-1' });
  file('guidance.ReleasePublished', {
    releaseId: 'rel-1',
    channel: '县政府网',
    url: `https://www.example.gov.cn/t/${incidentId}`,
    text: '情况通报',
  });
  for (let i = itemsNow; i < items; i++) item();
  file('reporting.HandlingSummarySubmitted', {
    summaryId: 'sum-1',
    obligationId: 'ob-sum',
    whatHappened: `${title}，网民集中反映。`,
    howHandled: '主管部门核查处置并发布情况通报。',
    lessons: '信息应及时公开。',
    outlook: '舆情平息，持续关注。',
  });
  // Most cases are closed (结案) by their office; the rest are still being handled.
  if (random() < 0.7)
    run({
      kind: 'close',
      caseId: incidentId,
      category: '民生诉求',
      tags: ['基准'],
      policy: DEFAULT_CASE_POLICY,
    });
  return { incidentId, orgUnit, startedAt, endedAt: clock, events };
}

/** Case sizes: most incidents file tens of entries; one in ten is a big one with hundreds of items. */
const caseSize = (): number =>
  random() < 0.9 ? 20 + Math.floor(random() * 50) : 200 + Math.floor(random() * 300);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

async function main(): Promise<void> {
  const { databaseUrl } = infraAddresses();
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', (error) => log(`pool: ${error.message}`));
  const store = new PostgresEventStore({ pool, schema: SCHEMA });
  await migrate(pool, SCHEMA, store.migrations());
  const loadAtStart = os.loadavg();
  try {
    // --- Seed: cases made while the previous transaction commits (Node makes, PostgreSQL hashes and inserts).
    log(`seeding at least ${TARGET_EVENTS} archive events in schema ${SCHEMA}`);
    const cases: Array<Omit<SeededCase, 'events'> & { readonly size: number }> = [];
    let seeded = 0;
    const inFlight: Promise<unknown>[] = [];
    const seedStart = performance.now();
    let makeMs = 0;
    while (seeded < TARGET_EVENTS) {
      const made = performance.now();
      const appends: StreamAppend[] = [];
      let batch = 0;
      while (batch < SEED_BATCH && seeded + batch < TARGET_EVENTS) {
        const c = makeCase(caseSize());
        const metadata: EventMetadata = {
          orgUnit: c.orgUnit,
          actor: { kind: 'service', id: 'archive' },
          correlationId: c.incidentId,
        };
        appends.push({
          streamId: archiveStreams.case.id(c.incidentId),
          events: c.events,
          expectedVersion: 'no_stream',
          metadata,
        });
        const { events: _events, ...kept } = c;
        cases.push({ ...kept, size: c.events.length });
        batch += c.events.length;
      }
      makeMs += performance.now() - made;
      if (inFlight.length >= SEED_WRITERS) await inFlight.shift();
      inFlight.push(store.transaction((tx) => tx.appendMany(appends)));
      seeded += batch;
      if (Math.floor(seeded / 100_000) > Math.floor((seeded - batch) / 100_000))
        log(
          `  ${seeded} events, ${cases.length} cases, ${Math.round(seeded / ((performance.now() - seedStart) / 1000))} events/s`,
        );
    }
    await Promise.all(inFlight);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const { rows: sizeRows } = await pool.query<{ events: string; bytes: string }>(
      `select (select count(*) from ${SCHEMA}.events)::text as events,
              pg_total_relation_size('${SCHEMA}.events')::text as bytes`,
    );
    const storedEvents = Number(sizeRows[0]!.events);
    log(`seeded ${storedEvents} events in ${cases.length} cases in ${seedSeconds.toFixed(1)} s`);
    await pool.query(`analyze ${SCHEMA}.events`);

    // --- Measure: random cases at random instants (from an hour before the incident to a day after its last
    // step); as-of and the raw read of the same stream alternate which goes first.
    const asOfMs: number[] = [];
    const rawMs: number[] = [];
    const bigAsOfMs: number[] = [];
    const bigRawMs: number[] = [];
    let eventsRead = 0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const c = cases[Math.floor(random() * cases.length)]!;
      const span = c.endedAt - c.startedAt + 25 * 60 * MINUTE;
      const at = new Date(c.startedAt - 60 * MINUTE + Math.floor(random() * span));
      const streamId = archiveStreams.case.id(c.incidentId);
      const timeAsOf = async (): Promise<number> => {
        const t = performance.now();
        const state = caseAsOf(await store.readStream(streamId), at);
        const ms = performance.now() - t;
        if (state.caseId !== c.incidentId && state.status !== 'none')
          throw new Error('folded the wrong case');
        return ms;
      };
      const timeRaw = async (): Promise<number> => {
        const t = performance.now();
        const events = await store.readStream(streamId);
        const ms = performance.now() - t;
        if (events.length !== c.size) throw new Error(`read ${events.length} of ${c.size} events`);
        return ms;
      };
      let a: number;
      let r: number;
      if (i % 2 === 0) {
        a = await timeAsOf();
        r = await timeRaw();
      } else {
        r = await timeRaw();
        a = await timeAsOf();
      }
      if (i < WARMUP) continue;
      asOfMs.push(a);
      rawMs.push(r);
      eventsRead += c.size;
      if (c.size >= 200) {
        bigAsOfMs.push(a);
        bigRawMs.push(r);
      }
    }
    const asOf = stats(asOfMs);
    const raw = stats(rawMs);
    const sizes = cases.map((c) => c.size).sort((x, y) => x - y);
    const { rows: pgRows } = await pool.query<{ version: string; shared_buffers: string }>(
      `select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers`,
    );
    const result = {
      benchmark: 'archive',
      at: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.version,
        postgres: pgRows[0]?.version,
        sharedBuffers: pgRows[0]?.shared_buffers,
        loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100),
        loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      store: {
        events: storedEvents,
        cases: cases.length,
        eventsPerCase: {
          p50: percentile(sizes, 50),
          p95: percentile(sizes, 95),
          max: sizes[sizes.length - 1],
        },
        tableMiB: Math.round(Number(sizeRows[0]!.bytes) / 2 ** 20),
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        seedEventsPerSecond: Math.round(storedEvents / seedSeconds),
        makeSeconds: Math.round(makeMs / 100) / 10,
        seedBatchEvents: SEED_BATCH,
        seedWriters: SEED_WRITERS,
      },
      rows: [
        {
          id: 'as-of',
          metric: 'as-of of a random case at a random instant: readStream of its case stream + caseAsOf fold',
          unit: 'ms',
          ...asOf,
          goal: { p95: 100 },
          detail: { meanEventsPerRead: Math.round(eventsRead / SAMPLES), bigCases: stats(bigAsOfMs) },
        },
        {
          id: 'raw-read',
          metric: 'baseline: readStream of the same case stream, same run, no fold',
          unit: 'ms',
          ...raw,
          detail: { bigCases: stats(bigRawMs) },
        },
      ],
      foldShareOfP50: Math.round(((asOf.p50 - raw.p50) / asOf.p50) * 100) / 100,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    log(`as-of p50 ${asOf.p50} ms, p95 ${asOf.p95} ms; raw read p50 ${raw.p50} ms, p95 ${raw.p95} ms`);
  } finally {
    await pool.query(`drop schema if exists ${SCHEMA} cascade`);
    await pool.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:archive failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
