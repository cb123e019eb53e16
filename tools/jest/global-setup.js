// Brings PostgreSQL and Kafka up when they are not running (reusing them when they are) and hands the
// tests their addresses through DATABASE_URL and KAFKA_BROKERS, which test workers inherit.
// DATABASE_URL and KAFKA_BROKERS set by the caller win: deploy/local/infra.sh then starts nothing.
const { infraUp } = require('../../deploy/local/infra-up');

module.exports = async function globalSetup() {
  Object.assign(process.env, infraUp());
};
