import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import type { Platform, ReachTier } from '@yuqing/contracts';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import { CaptureService, type CaptureOutcome, type ClusteringVersion } from '../capture-items/capture';
import { projections } from '../read-models';
import { readModelMigrations } from '../read-models/schema';
import { scoreClustering, type ClusteringScore } from './clustering-score';

// npm run eval:clustering [-- <dataset.json>] [--explain]: replays a labelled set of reports (each report names
// its real event) through the real capture pipeline on PostgreSQL, once per clustering version, each in a schema
// of its own, in the order the reports were published with the clock at each report's time. Prints JSON: pairwise
// and B-cubed precision, recall and F1 per version. --explain adds the pairs each version got wrong.

interface Report {
  readonly reportId: string;
  readonly outlet: string;
  readonly platform: Platform;
  readonly reachTier: ReachTier;
  readonly url: string;
  readonly title: string;
  readonly text: string;
  readonly publishedAt: string;
}
interface LabelledEvent {
  readonly eventId: string;
  readonly distractorOf?: string;
  readonly reports: readonly Report[];
}

const DEFAULT_DATASET = path.join(__dirname, '../../../../tools/eval/clustering/dataset.json');
const ORG_UNIT = 'cn.yn.km';

async function replay(
  pool: Pool,
  version: ClusteringVersion,
  reports: readonly (Report & { eventId: string })[],
): Promise<{ incidentOf: Map<string, string>; seconds: number; outcomes: Map<string, CaptureOutcome> }> {
  const schema = `eval_clustering_${version.replace(/\W/g, '_')}_${process.pid}`;
  await pool.query(`drop schema if exists ${schema} cascade`);
  const words = new Map<string, readonly string[]>();
  const store = new PostgresEventStore({
    pool,
    schema,
    projections: projections(schema, words),
  });
  await migrate(pool, schema, [...store.migrations(), ...readModelMigrations(schema)]);
  let now = new Date(0);
  const pipeline = new CaptureService(store, words, () => now, { clustering: version });
  const incidentOf = new Map<string, string>();
  const incidentOfItem = new Map<string, string>();
  const outcomes = new Map<string, CaptureOutcome>();
  const started = process.hrtime.bigint();
  try {
    for (const report of reports) {
      now = new Date(report.publishedAt);
      const [outcome] = await pipeline.capture({
        orgUnit: ORG_UNIT,
        actor: { kind: 'user', id: 'eval', role: 'monitor' },
        correlationId: report.reportId,
        // Entered as a monitor would: relevance is not what is measured here.
        candidates: [
          {
            url: report.url,
            platform: report.platform,
            reachTier: report.reachTier,
            outlet: report.outlet,
            title: report.title,
            text: report.text,
            publishedAt: report.publishedAt,
            captureMethod: 'manual',
          },
        ],
      });
      outcomes.set(report.reportId, outcome!);
      if (outcome!.status === 'captured') {
        incidentOf.set(report.reportId, outcome!.incidentId);
        incidentOfItem.set(outcome!.itemId, outcome!.incidentId);
      } else if (outcome!.status === 'duplicate') {
        incidentOf.set(report.reportId, incidentOfItem.get(outcome!.duplicateOf) ?? outcome!.duplicateOf);
      } else throw new Error(`report ${report.reportId} was rejected: ${outcome!.reason}`);
    }
  } finally {
    await pool.query(`drop schema if exists ${schema} cascade`);
  }
  return { incidentOf, outcomes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const explain = args.includes('--explain');
  const file = args.find((a) => !a.startsWith('--')) ?? DEFAULT_DATASET;
  const dataset = JSON.parse(readFileSync(file, 'utf8')) as { events: LabelledEvent[] };
  const reports = dataset.events
    .flatMap((event) => event.reports.map((report) => ({ ...report, eventId: event.eventId })))
    .sort(
      (a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || a.reportId.localeCompare(b.reportId),
    );
  const gold = new Map(reports.map((r) => [r.reportId, r.eventId]));
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  const results: (ClusteringScore & { version: string; seconds: number })[] = [];
  try {
    for (const version of ['clustering@1', 'clustering@2'] as const) {
      const { incidentOf, seconds } = await replay(pool, version, reports);
      const scored = scoreClustering(gold, incidentOf, explain);
      results.push({ version, seconds: Math.round(seconds * 100) / 100, ...scored });
    }
  } finally {
    await pool.end();
  }
  const events = dataset.events.length;
  const output = {
    dataset: {
      file: path.relative(process.cwd(), file),
      events,
      lookAlikes: dataset.events.filter((e) => e.distractorOf).length,
      reports: reports.length,
    },
    goal: { pairwiseF1: 0.9, pairwisePrecision: 0.95 },
    results,
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

if (require.main === module) {
  if (!process.env.DATABASE_URL) {
    // Started on its own: bring up (or reuse) the local PostgreSQL as npm start and the tests do.
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @nx/enforce-module-boundaries -- a deploy script, not a library
    const { infraUp } = require('../../../../deploy/local/infra-up') as {
      infraUp: (stdio: unknown) => Record<string, string>;
    };
    for (const [name, value] of Object.entries(infraUp(['ignore', 2, 2]))) process.env[name] ??= value;
  }
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
