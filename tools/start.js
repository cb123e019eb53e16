#!/usr/bin/env node
// `npm start`: brings PostgreSQL and Kafka up (or uses DATABASE_URL / KAFKA_BROKERS), then starts every
// service under apps/ with its log lines prefixed by its name. Each service applies its own migrations at
// start. The gateway routes /api/<context>/... to the others. Ctrl-C stops the services; `npm run infra:down`
// stops the servers.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { infraUp } = require('../deploy/local/infra-up');
const { ensureConsoleBuilt } = require('./console-build');

const root = path.resolve(__dirname, '..');
// Fixed local ports, so the console and integrators know where each service is.
const PORTS = {
  gateway: 3000,
  ingestion: 3001,
  grading: 3002,
  reporting: 3003,
  guidance: 3004,
  archive: 3005,
  review: 3006,
  // @yuqing/tools:service inserts above this line
};

// Node.js flags per service. Capture allocates much and briefly: a larger young generation spends less of it in GC
// (docs/benchmarks.md); deploy/compose sets the same through NODE_OPTIONS.
const NODE_ARGS = { ingestion: ['--max-semi-space-size=64'] };

// Demo data (users with a published password) only on the local default servers: against a database the caller
// names, nothing is loaded unless YUQING_DEMO says so, and the services refuse it off this machine.
const demo = process.env.DATABASE_URL ? {} : { YUQING_DEMO: '1' };
const env = { ...process.env, ...infraUp('inherit') };
// The gateway serves the console at http://127.0.0.1:3000/: built here when missing or older than its sources.
ensureConsoleBuilt();

const services = Object.keys(PORTS).filter((name) =>
  fs.existsSync(path.join(root, 'apps', name, 'src/main.ts')),
);
// The gateway forwards /api/<context>/... to the services started here (SERVICE_URLS set by the caller wins).
const serviceUrls = services
  .filter((name) => name !== 'gateway')
  .map((name) => `${name}=http://127.0.0.1:${PORTS[name]}`)
  .join(',');
const children = new Map();
let stopping = false;

function prefixLines(name, stream, out) {
  let pending = '';
  stream.on('data', (chunk) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop();
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
  stream.on('end', () => pending && out.write(`[${name}] ${pending}\n`));
}

for (const name of services) {
  const child = spawn(
    process.execPath,
    [...(NODE_ARGS[name] ?? []), '-r', '@swc-node/register', path.join('apps', name, 'src/main.ts')],
    {
      cwd: root,
      env: {
        ...demo,
        ...(name === 'gateway' ? { SERVICE_URLS: serviceUrls } : {}),
        ...env,
        PORT: String(PORTS[name]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.set(name, child);
  prefixLines(name, child.stdout, process.stdout);
  prefixLines(name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stderr.write(`[start] ${name} exited (${signal ?? code}); stopping the others\n`);
      stop(1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
}
process.stdout.write(
  `[start] ${services.map((name) => `${name} on http://127.0.0.1:${PORTS[name]}`).join(', ')}\n`,
);

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) child.kill('SIGTERM');
  if (children.size === 0) process.exit(code);
  setTimeout(() => process.exit(code), 15000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
