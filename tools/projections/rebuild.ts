// Rebuilds a service's declared projections from its event store, in place, and prints the report as JSON.
//   npm run projections:rebuild -- <service> [<projection>] [--verify] [--schema <schema>]
// --verify rebuilds inside a transaction, compares with the live tables and rolls back (changes nothing).
// The schema is --schema, else <SERVICE>_SCHEMA, else the service's default. Exit code 0 when done (verify: when
// equal), 1 on an unknown service or projection (listing the known ones) or a difference, 2 on bad usage.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import {
  EventReader,
  ProjectionRunner,
  UnknownProjectionError,
  UpcasterChain,
  type ProjectionDefinition,
} from '@yuqing/event-store';

const ROOT = path.resolve(__dirname, '../..');
const READ_MODELS = 'src/read-models/index.ts';

interface ReadModels {
  readonly projections: (schema: string) => ProjectionDefinition[];
  readonly DEFAULT_SCHEMA: string;
}

/** Services that declare read models: apps with `src/read-models/index.ts`. */
export function servicesWithReadModels(): string[] {
  return readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'apps', entry.name, READ_MODELS)))
    .map((entry) => entry.name)
    .sort();
}

/** Loads a service's declarations by path: a tool may not import an app by name (module boundaries). */
export async function loadReadModels(service: string): Promise<ReadModels> {
  const loaded = (await import(path.join(ROOT, 'apps', service, READ_MODELS))) as Partial<ReadModels>;
  if (typeof loaded.projections !== 'function' || typeof loaded.DEFAULT_SCHEMA !== 'string')
    throw new Error(`apps/${service}/${READ_MODELS} must export projections(schema) and DEFAULT_SCHEMA`);
  return loaded as ReadModels;
}

function parse(argv: readonly string[]): { positional: string[]; verify: boolean; schema?: string } {
  const positional: string[] = [];
  let verify = false;
  let schema: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--verify') verify = true;
    else if (arg === '--schema') schema = argv[++i];
    else positional.push(arg);
  }
  return { positional, verify, ...(schema ? { schema } : {}) };
}

async function main(): Promise<number> {
  const { positional, verify, schema: given } = parse(process.argv.slice(2));
  const [service, projection] = positional;
  const url = process.env.DATABASE_URL;
  if (!service || !url || positional.length > 2) {
    process.stderr.write(
      'usage: DATABASE_URL=postgres://… npm run projections:rebuild -- <service> [<projection>] [--verify] [--schema <schema>]\n',
    );
    return 2;
  }
  const known = servicesWithReadModels();
  if (!known.includes(service)) {
    process.stderr.write(`unknown service ${service}; known: ${known.join(', ')}\n`);
    return 1;
  }
  const readModels = await loadReadModels(service);
  const schema =
    given ?? process.env[`${service.toUpperCase().replace(/-/g, '_')}_SCHEMA`] ?? readModels.DEFAULT_SCHEMA;
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const runner = new ProjectionRunner({
      pool,
      schema,
      reader: new EventReader(schema, new UpcasterChain()),
      projections: readModels.projections(schema),
    });
    const names = projection ? [projection] : undefined;
    if (verify) {
      const report = await runner.verify(names);
      process.stdout.write(`${JSON.stringify({ service, schema, ...report }, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    const started = Date.now();
    const report = await runner.rebuild(names);
    process.stdout.write(
      `${JSON.stringify({ service, schema, ...report, tookMs: Date.now() - started }, null, 2)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UnknownProjectionError) {
      process.stderr.write(`unknown projection ${error.projection}; known: ${error.known.join(', ')}\n`);
      return 1;
    }
    throw error;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `projections:rebuild: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(2);
    },
  );
}
