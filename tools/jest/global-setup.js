// Brings PostgreSQL and Kafka up when they are not running (reusing them when they are) and hands the
// tests their addresses through DATABASE_URL and KAFKA_BROKERS, which test workers inherit.
// DATABASE_URL and KAFKA_BROKERS set by the caller win: deploy/local/infra.sh then starts nothing.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '../..');
  execFileSync('bash', [path.join(root, 'deploy/local/infra.sh'), 'up'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stateDir = process.env.YUQING_LOCAL_DIR ?? path.join(root, '.local');
  for (const line of fs.readFileSync(path.join(stateDir, 'infra.env'), 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) process.env[match[1]] = match[2];
  }
};
