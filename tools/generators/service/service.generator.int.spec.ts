import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { serviceGenerator } from './service.generator';

// The generator proven on a copy of the workspace: a throwaway service is generated into a temporary tree, which
// must then type-check as a whole, run the generated decider spec (and the contract and permission specs the new
// contracts join), and answer the Nx CLI. The real tree is never written.

const ROOT = path.resolve(__dirname, '../../..');
const COPIED = [
  'apps',
  'libs',
  'tools',
  'test',
  'deploy',
  'docs',
  'package.json',
  'nx.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'eslint.config.js',
  'jest.config.js',
  '.prettierrc.json',
  '.prettierignore',
  '.gitignore',
];
const SKIPPED = new Set(['node_modules', '.local', '.nx', '.git', 'dist', 'coverage']);
const NAME = 'probe';

let tmp: string;
const at = (...parts: string[]) => path.join(tmp, ...parts);
const text = (file: string) => readFileSync(at(file), 'utf8');

interface Outcome {
  readonly status: number | null;
  readonly output: string;
}

/** A child process in the copy, its output kept for the failure message. */
function run(command: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: tmp,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** The slow checks, started together once the service is generated (they mostly wait on different things). */
let typecheck: Promise<Outcome>;
let specs: Promise<Outcome>;
let cli: Promise<Outcome>;
let lint: Promise<Outcome>;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'yuqing-gen-'));
  for (const entry of COPIED) {
    if (!existsSync(path.join(ROOT, entry))) continue;
    cpSync(path.join(ROOT, entry), at(entry), {
      recursive: true,
      filter: (source) => !SKIPPED.has(path.basename(source)),
    });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), at('node_modules'));
  const tree = new FsTree(tmp, false);
  // formatFiles cannot load prettier inside Jest and says so; prettier is run below instead.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const afterWrite = await serviceGenerator(tree, { name: NAME }).finally(() => warn.mockRestore());
  const changes = tree.listChanges();
  flushChanges(tmp, changes);
  expect(typeof afterWrite).toBe('function');
  // What `nx g` does besides: formats the files, and regenerates docs/events from the new contracts.
  execFileSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--write', ...changes.map((change) => change.path)],
    { cwd: tmp, stdio: 'pipe' },
  );
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'tools/contracts/generate.ts'], {
    cwd: tmp,
    stdio: 'pipe',
  });
  typecheck = run(process.execPath, [
    require.resolve('typescript/bin/tsc'),
    '-p',
    at('tsconfig.json'),
    '--noEmit',
  ]);
  specs = run(process.execPath, [
    require.resolve('jest/bin/jest'),
    '--ci',
    '--selectProjects',
    'unit',
    'int',
    '--testPathPatterns',
    'libs/probe/',
    'apps/probe/',
    'libs/contracts/src/catalogue',
    'libs/auth/src/permissions',
    'tools/contracts/',
  ]);
  // Another name and aggregate: the contracts index exports each context's definitions by name.
  cli = run('npx', [
    'nx',
    'g',
    '@yuqing/tools:service',
    'probetwo',
    '--aggregate',
    'ticket',
    '--dry-run',
    '--no-interactive',
  ]);
  // After the CLI, which leaves the project graph the module-boundary rule reads (without it the rule is skipped).
  lint = cli.then(() =>
    run(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), 'apps/probe', 'libs/probe']),
  );
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([typecheck, specs, cli, lint]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  // Generated only in the copy: the workspace itself has no trace of the throwaway service.
  expect(existsSync(path.join(ROOT, 'apps', NAME))).toBe(false);
  expect(existsSync(path.join(ROOT, 'libs', NAME))).toBe(false);
  expect(readFileSync(path.join(ROOT, 'libs/contracts/src/topics.ts'), 'utf8')).not.toContain(`'${NAME}'`);
});

describe('npx nx g @yuqing/tools:service <name>', () => {
  it('creates the app, its domain library and its contracts in the one shape', () => {
    const expected = [
      'apps/probe/project.json',
      'apps/probe/src/main.ts',
      'apps/probe/src/instrument.ts',
      'apps/probe/src/probe.config.ts',
      'apps/probe/src/probe.service.ts',
      'apps/probe/src/probe.module.ts',
      'apps/probe/src/probe.lifecycle.ts',
      'apps/probe/src/migrations.ts',
      'apps/probe/src/open-record/open-record.command.ts',
      'apps/probe/src/open-record/open-record.handler.ts',
      'apps/probe/src/open-record/open-record.controller.ts',
      'apps/probe/src/close-record/close-record.command.ts',
      'apps/probe/src/close-record/close-record.handler.ts',
      'apps/probe/src/close-record/close-record.controller.ts',
      'apps/probe/src/read-models/records/records.projection.ts',
      'apps/probe/src/read-models/records/records.read-model.ts',
      'apps/probe/src/read-models/records/records.controller.ts',
      'apps/probe/src/read-models/index.ts',
      'apps/probe/src/testing/harness.ts',
      'apps/probe/src/probe.int.spec.ts',
      'libs/probe/domain/project.json',
      'libs/probe/domain/src/index.ts',
      'libs/probe/domain/src/record.decider.ts',
      'libs/probe/domain/src/record.policy.ts',
      'libs/probe/domain/src/record.decider.unit.spec.ts',
      'libs/contracts/src/events/probe.events.ts',
      'libs/contracts/src/commands/probe.commands.ts',
      'libs/contracts/src/streams/probe.streams.ts',
      'docs/events/probe.RecordOpened.v1.schema.json',
    ];
    expect(expected.filter((file) => !existsSync(at(file)))).toEqual([]);
    expect(JSON.parse(text('apps/probe/project.json'))).toMatchObject({ tags: ['scope:probe', 'type:app'] });
    expect(JSON.parse(text('libs/probe/domain/project.json'))).toMatchObject({
      tags: ['scope:probe', 'type:domain'],
    });
    // The shape's guards (tools/shape): commands through the CommandBus, no SQL in controllers, read models on
    // the projection runner, one pagination, time from the Clock, stream ids from libs/contracts.
    const sources = expected.filter((file) => file.endsWith('.ts') && !/\.spec\.ts$|\/testing\//.test(file));
    const offending = (pattern: RegExp, files = sources) => files.filter((file) => pattern.test(text(file)));
    expect(offending(/InlineProjection|inlineProjections|base64url|idempotency_keys|new Date\(\)/)).toEqual(
      [],
    );
    expect(offending(/[`'"]probe-record-/).filter((file) => !file.includes('/streams/'))).toEqual([]);
    const controllers = sources.filter((file) => file.endsWith('.controller.ts'));
    expect(offending(/PG_POOL|PostgresEventStore|\.query\(|\.transaction\(/, controllers)).toEqual([]);
    expect(text('apps/probe/src/open-record/open-record.controller.ts')).toContain(
      'this.commands.execute(new OpenRecordCommand(',
    );
    expect(text('apps/probe/src/open-record/open-record.handler.ts')).toContain(
      '@HandlesCommand(OpenRecordCommand)',
    );
  });

  it('wires the new context in at the marker lines: topic, catalogue, permissions, ports, compose, gateway routes', () => {
    expect(text('libs/contracts/src/topics.ts')).toMatch(/CONTEXTS = \[[^\]]*'probe',/);
    expect(text('libs/contracts/src/catalogue.ts')).toContain('...probeEvents,');
    expect(text('libs/contracts/src/catalogue.ts')).toContain('...probeCommands,');
    expect(text('libs/contracts/src/index.ts')).toContain(
      "export { probeStreams } from './streams/probe.streams';",
    );
    expect(text('libs/contracts/src/events/event-examples.fixtures.ts')).toContain("'probe.RecordOpened': {");
    expect(text('libs/auth/src/permissions.ts')).toContain("'probe.read-records': {");
    expect(text('libs/auth/src/permissions.ts')).toContain("'probe.manage-records': {");
    expect(text('eslint.config.js')).toContain("scopes.push('probe');");
    expect(JSON.parse(text('tsconfig.base.json')).compilerOptions.paths['@yuqing/probe-domain']).toEqual([
      'libs/probe/domain/src/index.ts',
    ]);
    const port = /^\s*probe: (\d+),$/m.exec(text('tools/start.js'))?.[1];
    expect(Number(port)).toBeGreaterThan(3006);
    const compose = text('deploy/compose/docker-compose.yml');
    expect(compose).toMatch(/^ {2}probe:$/m);
    expect(compose).toContain(`PORT: '${port}'`);
    expect(compose).toMatch(new RegExp(`SERVICE_URLS: .*,probe=http://probe:${port}$`, 'm'));
  });

  it('refuses an existing name in one line', async () => {
    await expect(serviceGenerator(new FsTree(tmp, false), { name: NAME })).rejects.toThrow(
      /^service "probe" already exists \(apps\/probe\): choose another name$/,
    );
    await expect(serviceGenerator(new FsTree(tmp, false), { name: 'identity' })).rejects.toThrow(/reserved/);
  });

  it('type-checks the whole workspace with the new service in it', async () => {
    const { status, output } = await typecheck;
    expect({ status, errors: output.split('\n').filter((line) => line.includes('error TS')) }).toEqual({
      status: 0,
      errors: [],
    });
  }, 180_000);

  it('passes lint, module boundaries included (an app reaches its own scope and the shared libraries)', async () => {
    const { status, output } = await lint;
    if (status !== 0) throw new Error(`eslint in the generated tree failed:\n${output.slice(-4000)}`);
    expect(output).not.toContain('No cached ProjectGraph');
  }, 180_000);

  it('passes its generated specs (decider; HTTP on real PostgreSQL) and the contract and permission specs it joins', async () => {
    const { status, output } = await specs;
    if (status !== 0) throw new Error(`jest in the generated tree failed:\n${output.slice(-6000)}`);
    expect(output).toMatch(/PASS .*libs\/probe\/domain\/src\/record\.decider\.unit\.spec\.ts/);
    expect(output).toMatch(/PASS .*apps\/probe\/src\/probe\.int\.spec\.ts/);
  }, 180_000);

  it('is found by the Nx CLI as @yuqing/tools:service', async () => {
    const dry = await cli;
    if (dry.status !== 0) throw new Error(`nx g --dry-run failed:\n${dry.output.slice(-4000)}`);
    expect(dry.output).toContain('CREATE apps/probetwo/src/main.ts');
    expect(dry.output).toContain('UPDATE libs/contracts/src/topics.ts');
    expect(existsSync(at('apps/probetwo'))).toBe(false);
  }, 180_000);
});
