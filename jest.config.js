// Tests in three tiers, one Jest run: `unit` (pure, beside the code), `int` (real PostgreSQL and Kafka,
// beside the code), `e2e` (across services, under test/). The int and e2e tiers share one global setup
// that brings the servers up when they are not running and hands the tests their addresses, and one environment
// that gives each test file Kafka topics of its own (tools/jest/topic-namespace-environment.js).
const os = require('node:os');
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

// A run never inherits a topic namespace (libs/contracts/src/topics.ts), e.g. a Jest run that a test starts: the
// unit tier sees the contracts' own topic names, and each int or e2e file gets a namespace of its own.
delete process.env.YUQING_TOPIC_NAMESPACE;

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: pathsToModuleNameMapper(),
  modulePathIgnorePatterns: ['<rootDir>/.local/', '<rootDir>/dist/'],
};

module.exports = {
  // Two workers even on two cores: int and e2e files mostly wait on PostgreSQL, Kafka and timers, and each has
  // topics of its own, so they run side by side. At most four: each runs a platform (connections, memory).
  maxWorkers: Math.min(4, Math.max(2, os.availableParallelism() - 1)),
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/tools/jest/global-setup.js',
      testEnvironment: '<rootDir>/tools/jest/topic-namespace-environment.js',
      setupFilesAfterEnv: ['<rootDir>/tools/jest/slow-tier.js', '<rootDir>/tools/jest/namespace-topics.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/tools/jest/global-setup.js',
      testEnvironment: '<rootDir>/tools/jest/topic-namespace-environment.js',
      setupFilesAfterEnv: ['<rootDir>/tools/jest/slow-tier.js', '<rootDir>/tools/jest/namespace-topics.ts'],
    },
  ],
};
