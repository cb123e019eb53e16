import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { formatFiles, generateFiles, names, updateJson, type GeneratorCallback, type Tree } from '@nx/devkit';

// `npx nx g @yuqing/tools:service <name>`: a new bounded-context service in the one shape (docs/architecture.md,
// "New services"). It writes the app, its domain library and its contracts from the templates under files/
// (`__tmpl__` names, so tsc, jest and eslint leave them alone), and wires the service in where the platform
// lists its contexts, each at a marker line `@yuqing/tools:service inserts above this line`.

export interface ServiceGeneratorOptions {
  /** The context and app name, e.g. `guidance`. */
  readonly name: string;
  /** The aggregate the two sample use cases open and close; default `case`. */
  readonly aggregate?: string;
  /** Local port (tools/start.js, compose); default the one start.js lists, or the next free one. */
  readonly port?: number;
}

export const MARKER = '@yuqing/tools:service inserts above this line';
const NAME = /^[a-z][a-z0-9-]{1,38}$/;
const AGGREGATE = /^[a-z][a-z0-9-]{1,30}$/;
/** Permissions are `<context>.<verb-phrase>` of letters only (libs/auth permissions.unit.spec.ts). */
const PERMISSION_CONTEXT = /^[a-z]+$/;
const PERMISSION_WORDS = /^[a-z]+(-[a-z]+)*$/;
/** Names the gateway serves itself (`/api/identity`, `/api/stream`) or that name no context. */
const RESERVED = new Set(['identity', 'stream', 'gateway', 'shared', 'tools', 'test', 'api', 'docs']);

/** Every spelling of the service and aggregate names the templates use. */
export function templateNames(options: ServiceGeneratorOptions, port: number) {
  const service = names(options.name);
  const aggregateName = options.aggregate ?? 'record';
  const aggregate = names(aggregateName);
  const plural = pluralOf(aggregateName);
  return {
    name: options.name,
    Name: service.className,
    nameProp: service.propertyName,
    NAME: service.constantName,
    /** PostgreSQL schema (and table prefix): no hyphens. */
    schema: options.name.replace(/-/g, '_'),
    aggregate: aggregateName,
    Aggregate: aggregate.className,
    aggregateProp: aggregate.propertyName,
    AGGREGATE: aggregate.constantName,
    aggregates: plural,
    Aggregates: names(plural).className,
    aggregatesProp: names(plural).propertyName,
    aggregateTable: plural.replace(/-/g, '_'),
    aggregateColumn: `${aggregateName.replace(/-/g, '_')}_id`,
    /** Words for descriptions: `case review` rather than `case-review`. */
    aggregateWords: aggregateName.replace(/-/g, ' '),
    aggregatesWords: plural.replace(/-/g, ' '),
    port,
    /** Migration ids start at <n>001; n = the port's last two digits, unique per service in start.js. */
    migrationBase: (port % 100) * 1000,
    tmpl: '',
  };
}

function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

function refuse(message: string): never {
  // One line, no stack: Nx prints the message of the error a generator throws.
  const error = new Error(message);
  error.stack = message;
  throw error;
}

function read(tree: Tree, file: string): string {
  const text = tree.read(file, 'utf-8');
  if (text === null) refuse(`${file} is missing: run the generator at the workspace root`);
  return text;
}

/** Inserts `lines` above the marker line whose text includes `label` (the marker's indentation is kept). */
function insertAbove(tree: Tree, file: string, label: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const text = read(tree, file);
  const all = text.split('\n');
  const at = all.findIndex((line) => line.includes(MARKER) && line.includes(label));
  if (at < 0) refuse(`${file} has no marker line "${MARKER}${label ? ` ${label}` : ''}": put it back`);
  const indent = /^\s*/.exec(all[at]!)![0];
  all.splice(at, 0, ...lines.map((line) => indent + line));
  tree.write(file, all.join('\n'));
}

function portsOf(startJs: string): Map<string, number> {
  const block = /const PORTS = \{([\s\S]*?)\};/.exec(startJs)?.[1] ?? '';
  const ports = new Map<string, number>();
  for (const match of block.matchAll(/^\s*'?([a-z][a-z0-9-]*)'?\s*:\s*(\d+)/gm))
    ports.set(match[1]!, Number(match[2]));
  return ports;
}

function quoteKey(name: string): string {
  return /^[a-z][a-z0-9]*$/.test(name) ? name : `'${name}'`;
}

function checkName(tree: Tree, options: ServiceGeneratorOptions): void {
  if (!NAME.test(options.name))
    refuse(`service name "${options.name}" must match ${NAME.source} (lower case, digits, hyphens)`);
  if (options.aggregate !== undefined && !AGGREGATE.test(options.aggregate))
    refuse(`aggregate "${options.aggregate}" must match ${AGGREGATE.source}`);
  if (!PERMISSION_CONTEXT.test(options.name))
    refuse(`service name "${options.name}" must be letters only: it prefixes permissions (<name>.read-...)`);
  if (options.aggregate !== undefined && !PERMISSION_WORDS.test(options.aggregate))
    refuse(`aggregate "${options.aggregate}" must be letters and single hyphens: it names permissions`);
  if (RESERVED.has(options.name)) refuse(`service name "${options.name}" is reserved: choose another`);
  for (const taken of [`apps/${options.name}`, `libs/${options.name}`])
    if (tree.exists(taken))
      refuse(`service "${options.name}" already exists (${taken}): choose another name`);
}

/** The contracts export their definitions by name from one index: two services may not declare the same one. */
function checkContractNames(tree: Tree, v: ReturnType<typeof templateNames>): void {
  const wanted = [
    `${v.Aggregate}Opened`,
    `${v.Aggregate}Closed`,
    `Open${v.Aggregate}`,
    `Close${v.Aggregate}`,
    `${v.nameProp}Events`,
    `${v.nameProp}Commands`,
    `${v.nameProp}Streams`,
  ];
  for (const dir of [
    'libs/contracts/src/events',
    'libs/contracts/src/commands',
    'libs/contracts/src/streams',
  ]) {
    for (const file of tree.children(dir).filter((f) => f.endsWith('.ts'))) {
      const text = read(tree, `${dir}/${file}`);
      const clash = wanted.find((id) => new RegExp(`export const ${id}\\b`).test(text));
      if (clash)
        refuse(`@yuqing/contracts already exports ${clash} (${dir}/${file}): choose another --aggregate`);
    }
  }
}

function wireContracts(tree: Tree, v: ReturnType<typeof templateNames>): void {
  const topics = read(tree, 'libs/contracts/src/topics.ts');
  const contexts = /CONTEXTS = \[([\s\S]*?)\]/.exec(topics)?.[1] ?? '';
  if (!contexts.includes(`'${v.name}'`))
    insertAbove(tree, 'libs/contracts/src/topics.ts', '', [`'${v.name}',`]);

  const catalogue = 'libs/contracts/src/catalogue.ts';
  insertAbove(tree, catalogue, '(imports)', [
    `import { ${v.nameProp}Commands } from './commands/${v.name}.commands';`,
    `import { ${v.nameProp}Events } from './events/${v.name}.events';`,
  ]);
  insertAbove(tree, catalogue, '(events)', [`...${v.nameProp}Events,`]);
  insertAbove(tree, catalogue, '(commands)', [`...${v.nameProp}Commands,`]);

  // Every event has a valid example (the catalogue's unit test parses each through JSON).
  insertAbove(tree, 'libs/contracts/src/events/event-examples.fixtures.ts', '', [
    `'${v.name}.${v.Aggregate}Opened': { ${v.aggregateProp}Id: '01934f7e-7777-7c3d-8e4f-5a6b7c8d9e0f', title: '宜良县某路段塌陷' },`,
    `'${v.name}.${v.Aggregate}Closed': {`,
    `  ${v.aggregateProp}Id: '01934f7e-7777-7c3d-8e4f-5a6b7c8d9e0f',`,
    `  reason: '已处置完毕，结果已公开回复。',`,
    `  ruleSetVersion: '${v.name}-rules@1',`,
    `},`,
  ]);
  insertAbove(tree, 'libs/contracts/src/index.ts', '', [
    `export * from './events/${v.name}.events';`,
    `export * from './commands/${v.name}.commands';`,
    `export { ${v.nameProp}Streams } from './streams/${v.name}.streams';`,
  ]);
}

function wirePlatform(tree: Tree, v: ReturnType<typeof templateNames>, portGiven: boolean): void {
  updateJson(tree, 'tsconfig.base.json', (json: { compilerOptions: { paths: Record<string, string[]> } }) => {
    const paths = {
      ...json.compilerOptions.paths,
      [`@yuqing/${v.name}-domain`]: [`libs/${v.name}/domain/src/index.ts`],
    };
    json.compilerOptions.paths = Object.fromEntries(
      Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)),
    );
    return json;
  });

  const eslint = read(tree, 'eslint.config.js');
  const scopes = /const scopes = \[([^\]]*)\]/.exec(eslint)?.[1] ?? '';
  if (!scopes.includes(`'${v.name}'`) && !eslint.includes(`scopes.push('${v.name}');`))
    insertAbove(tree, 'eslint.config.js', '', [`scopes.push('${v.name}');`]);

  const permissions = read(tree, 'libs/auth/src/permissions.ts');
  const lines: string[] = [];
  const read_ = `${v.name}.read-${v.aggregates}`;
  const manage = `${v.name}.manage-${v.aggregates}`;
  if (!permissions.includes(`'${read_}'`))
    lines.push(
      `'${read_}': { access: 'read', roles: [...everyone], description: 'read ${v.aggregatesWords} (${v.name})' },`,
    );
  if (!permissions.includes(`'${manage}'`))
    lines.push(
      `'${manage}': { access: 'write', roles: ['opinion-admin', 'internet-office'], description: 'open and close ${v.aggregatesWords} (${v.name})' },`,
    );
  if (lines.length > 0) insertAbove(tree, 'libs/auth/src/permissions.ts', '', [`// ${v.name}`, ...lines]);

  // The live stream shows a context's events to those who may read it (the gateway's stream-access table).
  const streamAccess = 'apps/gateway/src/stream/stream-access.ts';
  if (!read(tree, streamAccess).includes(`\n  ${quoteKey(v.name)}: '`))
    insertAbove(tree, streamAccess, '', [`${quoteKey(v.name)}: '${read_}',`]);

  const startJs = read(tree, 'tools/start.js');
  if (!portsOf(startJs).has(v.name))
    insertAbove(tree, 'tools/start.js', '', [`${quoteKey(v.name)}: ${v.port},`]);
  else if (portGiven && portsOf(startJs).get(v.name) !== v.port)
    refuse(
      `tools/start.js already gives ${v.name} port ${portsOf(startJs).get(v.name)}: drop --port or edit it there`,
    );

  const compose = 'deploy/compose/docker-compose.yml';
  let yml = read(tree, compose);
  if (!new RegExp(`^  ${v.name}:`, 'm').test(yml)) {
    insertAbove(tree, compose, '', [
      `${v.name}:`,
      `  build:`,
      `    context: ../..`,
      `    dockerfile: deploy/compose/service.Dockerfile`,
      `    args: { SERVICE: ${v.name} }`,
      `  environment:`,
      `    <<: *service-env`,
      `    PORT: '${v.port}'`,
      `    AUTH_JWKS_URL: http://gateway:3000/.well-known/jwks.json`,
      `  depends_on:`,
      `    gateway: { condition: service_healthy }`,
    ]);
    yml = read(tree, compose);
  }
  // The gateway forwards /api/<name>/... to the service (apps/gateway routing reads SERVICE_URLS).
  const urls = /^(\s*SERVICE_URLS: )(.*)$/m.exec(yml);
  if (!urls) refuse(`${compose} has no SERVICE_URLS line for the gateway`);
  if (!urls[2]!.split(',').some((entry) => entry.startsWith(`${v.name}=`)))
    tree.write(compose, yml.replace(urls[0], `${urls[1]}${urls[2]},${v.name}=http://${v.name}:${v.port}`));
}

function choosePort(tree: Tree, options: ServiceGeneratorOptions): number {
  const ports = portsOf(read(tree, 'tools/start.js'));
  if (options.port !== undefined) {
    if (!Number.isInteger(options.port) || options.port < 1024 || options.port > 65535)
      refuse(`port ${options.port} must be a whole number between 1024 and 65535`);
    const holder = [...ports].find(([name, port]) => port === options.port && name !== options.name);
    if (holder) refuse(`port ${options.port} is already ${holder[0]}'s in tools/start.js`);
    return options.port;
  }
  return ports.get(options.name) ?? Math.max(3000, ...ports.values()) + 1;
}

export async function serviceGenerator(
  tree: Tree,
  options: ServiceGeneratorOptions,
): Promise<GeneratorCallback> {
  checkName(tree, options);
  const port = choosePort(tree, options);
  const v = templateNames(options, port);
  checkContractNames(tree, v);

  generateFiles(tree, path.join(__dirname, 'files'), '.', v);
  wireContracts(tree, v);
  wirePlatform(tree, v, options.port !== undefined);
  await formatFiles(tree);

  return () => {
    // docs/events is generated from the contracts, which now include the new ones (tools/contracts).
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'tools/contracts/generate.ts'], {
      cwd: tree.root,
      stdio: 'inherit',
    });
    process.stdout.write(
      [
        '',
        `${v.name}: generated. Next:`,
        `  npm install                               (records the new workspaces in package-lock.json; npm ci needs it)`,
        `  npx tsc -p tsconfig.json --noEmit && npx jest --selectProjects unit libs/${v.name}`,
        `  npx jest test/access-matrix.e2e.spec.ts   (the service joins the platform and the access matrix)`,
        `  npm start                                 (serves on http://127.0.0.1:${v.port}, /api/${v.name}/... via the gateway)`,
        `  replace the sample ${v.aggregate} with the context's own aggregates; keep the folders' shape`,
        '',
      ].join('\n'),
    );
  };
}

export default serviceGenerator;
