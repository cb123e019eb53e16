// One lint configuration for the whole workspace. Module boundaries are enforced from the tags in each
// project.json: a context only reaches its own scope and the shared one, a domain library stays pure.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

const scopes = ['gateway', 'ingestion', 'grading', 'reporting', 'guidance', 'archive', 'review'];
// @yuqing/tools:service inserts above this line (new contexts' scopes)

// What each kind of project may import: a domain library stays pure, contracts depend on nothing else.
const typeRules = {
  'type:domain': ['type:domain', 'type:contracts'],
  'type:contracts': ['type:contracts'],
  'type:util': ['type:util', 'type:contracts'],
  'type:data': ['type:data', 'type:util', 'type:contracts', 'type:domain'],
  'type:app': ['type:data', 'type:util', 'type:contracts', 'type:domain'],
  'type:test': ['type:test', 'type:data', 'type:util', 'type:contracts', 'type:domain'],
};

function boundaries({ tests }) {
  return {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      // A bounded context reaches only itself and the shared libraries; contexts talk through events.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ...scopes.map((scope) => ({
        sourceTag: `scope:${scope}`,
        onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
      })),
      ...Object.entries(typeRules).map(([sourceTag, allowed]) => ({
        sourceTag,
        onlyDependOnLibsWithTags: tests ? [...allowed, 'type:test'] : allowed,
      })),
    ],
  };
}

module.exports = [
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', 'docs/events/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', boundaries({ tests: false })],
    },
  },
  {
    // The console (apps/console, React in the browser): strict like the rest, and self-contained: it talks to
    // the platform over HTTP only, so it imports no workspace project at all (its types are local).
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [{ sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console'] }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Captured text is hostile: render it as text children only.',
        },
      ],
    },
  },
  {
    // Tests may also use the shared test helpers (libs/testing); production code may not. An app's src/testing/
    // holds what its tests (and the platform harness, libs/testing startPlatform) start it with: test code too.
    files: ['**/*.spec.ts', 'test/**/*.ts', 'apps/*/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ tests: true })] },
  },
  {
    // Domain libraries take time and I/O as data; the framework stays at the edges.
    files: ['libs/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'node:*', 'fs', 'http', 'https'],
              message: 'A domain library has no framework or I/O imports.',
            },
          ],
        },
      ],
    },
  },
  {
    // Command handlers are wrapped once, by @HandlesCommand (idempotency, transaction, retries, tracing).
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/cqrs',
              importNames: ['CommandHandler', 'ICommandHandler'],
              message:
                'Use @HandlesCommand from @yuqing/service-kit: the command pipeline wraps every handler.',
            },
          ],
        },
      ],
    },
  },
];
