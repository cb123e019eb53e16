// The Kafka topics of test files (plain JS: the Jest environment and global setup load it without a transform).
// A file's namespace is `t-<time>-<random>` (time in base 36, ms): its topics are the platform's topics with the
// namespace last (libs/contracts/src/topics.ts), e.g. `yuqing.grading.events.v1.t-miw3k2x0-1a2b3c4d`.
const { randomBytes } = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');

const VARIABLE = 'YUQING_TOPIC_NAMESPACE';

/** A test file's topic, with its namespace and the namespace's time (as inTopicNamespace, libs/contracts). */
const TEST_TOPIC = /^yuqing\.[a-z][a-z0-9-]*\.events\.v1\.(t-([0-9a-z]+)-[0-9a-f]{8})(\.dlq)?$/;

function newNamespace(now = Date.now()) {
  return `t-${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Deletes the test topics `select` picks (by namespace and its time); returns their names. */
async function deleteTestTopics(brokers, select) {
  const kafka = new Kafka({ clientId: 'jest-topics', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => {
      const match = TEST_TOPIC.exec(topic);
      return match !== null && select(match[1], parseInt(match[2], 36));
    });
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30000 });
    return topics;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

module.exports = { VARIABLE, newNamespace, deleteTestTopics };
