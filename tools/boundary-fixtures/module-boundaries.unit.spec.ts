import path from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';

// Proves the boundary rule with the workspace's own lint configuration, on the fixture projects beside this file.
const root = path.resolve(__dirname, '../..');
const fixture = (file: string) => path.join(__dirname, 'ingestion-probe/src', file);

describe('module boundaries', () => {
  // The workspace's config, loaded by require: ESLint's own loader uses a dynamic import Jest's VM cannot run.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(root, 'eslint.config.js')) as ESLint.Options['baseConfig'];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, baseConfig: config });

  // The rule reads Nx's cached project graph; refresh it so the fixtures' tags are known.
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false, resetDaemonClient: false });
  }, 60000);

  it('fails an import from the ingestion scope into the grading scope, at error level', async () => {
    const [result] = await eslint.lintFiles([fixture('forbidden.ts')]);
    const boundaryErrors = result!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
    expect(boundaryErrors).toHaveLength(1);
    expect(boundaryErrors[0]).toMatchObject({
      severity: 2,
      message:
        'A project tagged with "scope:ingestion" can only depend on libs tagged with "scope:ingestion", "scope:shared"',
    });
  }, 60000);

  it('passes an import of the shared contracts', async () => {
    const [result] = await eslint.lintFiles([fixture('allowed.ts')]);
    expect(result!.messages).toEqual([]);
  }, 60000);
});
