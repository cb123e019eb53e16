import path from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import type { Tree } from '@nx/devkit';
import { serviceGenerator, type ServiceGeneratorOptions } from './service.generator';

// The generator's choices and refusals, on the workspace as it is: an Nx tree over the repository keeps every
// write in memory (nothing is flushed), so each case reads what would be written. The end-to-end proof (a
// generated service type-checks, passes its specs, joins the CLI) is service.generator.int.spec.ts.

const ROOT = path.resolve(__dirname, '../../..');

async function generate(
  options: ServiceGeneratorOptions,
  tree: Tree = new FsTree(ROOT, false),
): Promise<Tree> {
  // formatFiles cannot load prettier inside Jest and says so; formatting is not what is checked here.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    await serviceGenerator(tree, options);
  } finally {
    warn.mockRestore();
  }
  return tree;
}

const text = (tree: Tree, file: string) => tree.read(file, 'utf-8') ?? '';
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** Writes `line` where the generator would, as if the context had been listed by hand. */
function declare(tree: Tree, file: string, line: string): void {
  tree.write(
    file,
    text(tree, file).replace(/^(\s*)(.*@yuqing\/tools:service inserts above this line)/m, `$1${line}\n$1$2`),
  );
}

describe('the service generator', () => {
  it('adds a context, its port and its scope only where they are missing', async () => {
    // Declared ahead, as guidance, archive and review are: a topic, a port and a lint scope, nothing else.
    const tree = new FsTree(ROOT, false);
    declare(tree, 'libs/contracts/src/topics.ts', "'zeta',");
    declare(tree, 'tools/start.js', 'zeta: 3050,');
    declare(tree, 'eslint.config.js', "scopes.push('zeta');");
    await generate({ name: 'zeta' }, tree);
    expect(count(text(tree, 'libs/contracts/src/topics.ts'), "'zeta'")).toBe(1);
    expect(count(text(tree, 'tools/start.js'), 'zeta:')).toBe(1);
    expect(count(text(tree, 'eslint.config.js'), "'zeta'")).toBe(1);
    expect(count(text(tree, 'libs/auth/src/permissions.ts'), "'zeta.manage-records'")).toBe(1);
    const compose = text(tree, 'deploy/compose/docker-compose.yml');
    expect(compose).toContain("PORT: '3050'");
    expect(compose).toMatch(/SERVICE_URLS: .*,zeta=http:\/\/zeta:3050$/m);
  });

  it('gives a new context the next free port, or the one asked for when it is free', async () => {
    const next = await generate({ name: 'zeta' });
    expect(text(next, 'tools/start.js')).toMatch(/^ {2}zeta: 3007,$/m);
    expect(text(next, 'libs/contracts/src/topics.ts')).toMatch(/^ {2}'zeta',$/m);
    const chosen = await generate({ name: 'zeta', port: 3100 });
    expect(text(chosen, 'tools/start.js')).toMatch(/^ {2}zeta: 3100,$/m);
    await expect(generate({ name: 'zeta', port: 3002 })).rejects.toThrow(
      "port 3002 is already grading's in tools/start.js",
    );
  });

  it('refuses names it cannot make a service of, in one line', async () => {
    await expect(generate({ name: 'grading' })).rejects.toThrow(
      'service "grading" already exists (apps/grading): choose another name',
    );
    await expect(generate({ name: 'stream' })).rejects.toThrow('service name "stream" is reserved');
    await expect(generate({ name: 'probe2' })).rejects.toThrow(
      /must be letters only: it prefixes permissions/,
    );
    await expect(generate({ name: 'Guidance' })).rejects.toThrow(/must match/);
    await expect(generate({ name: 'zeta', aggregate: 'case2' })).rejects.toThrow(
      /letters and single hyphens/,
    );
  });

  it('refuses a contract name another context already exports, naming the way out', async () => {
    const tree = await generate({ name: 'zeta' });
    await expect(generate({ name: 'omega' }, tree)).rejects.toThrow(
      '@yuqing/contracts already exports RecordOpened (libs/contracts/src/events/zeta.events.ts): choose another --aggregate',
    );
    await generate({ name: 'omega', aggregate: 'ticket' }, tree);
    expect(text(tree, 'libs/contracts/src/catalogue.ts')).toMatch(/\.\.\.zetaEvents,\n\s+\.\.\.omegaEvents,/);
  });

  it('stops at a missing marker line instead of guessing where to write', async () => {
    const tree = new FsTree(ROOT, false);
    const topics = text(tree, 'libs/contracts/src/topics.ts');
    tree.write('libs/contracts/src/topics.ts', topics.replace(/^.*@yuqing\/tools:service.*\n/m, ''));
    await expect(generate({ name: 'zeta' }, tree)).rejects.toThrow(
      'libs/contracts/src/topics.ts has no marker line "@yuqing/tools:service inserts above this line": put it back',
    );
  });
});
