// The environment of the int and e2e tiers: each test file gets Kafka topics of its own. It sets
// YUQING_TOPIC_NAMESPACE (libs/contracts/src/topics.ts) in the file's process.env before any module loads, so
// every platform topic the file's services and harnesses name ends in `.t-<time>-<random>`; namespace-topics.ts
// creates them before the file's hooks, and they are deleted here once the file is done: after its own afterAll
// hooks, which close its services (an afterAll of a setup file would run before those). Two files never see each
// other's events, so they may run at once, and the broker does not keep a test's topics (global-setup.js sweeps
// those of files that never got here, in a run that was killed).
const { TestEnvironment } = require('jest-environment-node');
const { deleteTestTopics, newNamespace, VARIABLE } = require('./test-topics');

class TopicNamespaceEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.namespace = newNamespace();
    this.global.process.env[VARIABLE] = this.namespace;
  }

  async teardown() {
    try {
      const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
      if (brokers.length > 0) await deleteTestTopics(brokers, (namespace) => namespace === this.namespace);
    } catch (error) {
      // Not the test's failure: the topics stay until a later run's sweep; the line says which.
      process.stderr.write(
        `[jest] could not delete the topics of namespace ${this.namespace}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    } finally {
      await super.teardown();
    }
  }
}

module.exports = TopicNamespaceEnvironment;
