// Builds the console (apps/console, Vite) into dist/apps/console when the build is missing or older than its
// sources: `npm start` and the browser tests call it, so the console is built once, with no second command.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const sources = path.join(root, 'apps/console');
const built = path.join(root, 'dist/apps/console/index.html');

function newest(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of fs.readdirSync(file)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(path.join(file, entry)));
  }
  return latest;
}

function consoleIsFresh() {
  return fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(sources);
}

/** Builds the console unless its build is fresh; throws when the build fails. */
function ensureConsoleBuilt({ log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  if (!fs.existsSync(sources) || consoleIsFresh()) return;
  log('[console] building the console (apps/console) into dist/apps/console');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (result.status !== 0)
    throw new Error(`the console's build failed (exit ${result.status ?? result.signal})`);
}

module.exports = { ensureConsoleBuilt, consoleIsFresh };

if (require.main === module) {
  try {
    if (process.argv.includes('--force') && fs.existsSync(built)) fs.rmSync(built);
    ensureConsoleBuilt();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
