// Runs deploy/local/infra.sh up (which reuses running servers and honours DATABASE_URL / KAFKA_BROKERS) and
// returns the addresses it wrote to infra.env. One place for `npm start`, the Jest setup and the benchmarks.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** @param {import('node:child_process').StdioOptions} stdio where infra.sh's progress goes */
function infraUp(stdio = ['ignore', 'inherit', 'inherit']) {
  const root = path.resolve(__dirname, '../..');
  execFileSync('bash', [path.join(__dirname, 'infra.sh'), 'up'], { stdio });
  const stateDir = process.env.YUQING_LOCAL_DIR ?? path.join(root, '.local');
  /** @type {Record<string, string>} */
  const env = {};
  for (const line of fs.readFileSync(path.join(stateDir, 'infra.env'), 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  return env;
}

module.exports = { infraUp };
