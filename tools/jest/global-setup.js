// Brings PostgreSQL and Kafka up when they are not running (reusing them when they are) and hands the
// tests their addresses through DATABASE_URL and KAFKA_BROKERS, which test workers inherit.
// DATABASE_URL and KAFKA_BROKERS set by the caller win: deploy/local/infra.sh then starts nothing.
const { infraUp } = require('../../deploy/local/infra-up');
const { deleteTestTopics } = require('./test-topics');

/** Older than any test file runs: topics of a namespace this old belong to a run that was killed. */
const STALE_MS = 3 * 3600 * 1000;

module.exports = async function globalSetup() {
  Object.assign(process.env, infraUp());
  // Each file deletes its topics when it ends (topic-namespace-environment.js); a killed run's stay behind.
  try {
    const stale = await deleteTestTopics(
      process.env.KAFKA_BROKERS.split(','),
      (_, since) => Date.now() - since > STALE_MS,
    );
    if (stale.length > 0)
      process.stdout.write(`[jest] deleted ${stale.length} topics of test runs that were killed\n`);
  } catch (error) {
    process.stdout.write(
      `[jest] could not sweep old test topics: ${error instanceof Error ? error.message : error}\n`,
    );
  }
};
