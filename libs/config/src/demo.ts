import { isIP } from 'node:net';
import { parse } from 'pg-connection-string';
import { ConfigError } from './config';

/**
 * Whether a host name is this machine: `localhost`, 127.0.0.0/8 or ::1. Not other `*.localhost` names: without a
 * resolver that keeps them local, they go to DNS.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Whether the database a connection string names is on this machine, read as the driver reads it: a `host` (or
 * `hostaddr`) parameter wins over the URL's host, and a socket directory is local.
 */
export function isLocalDatabase(databaseUrl: string): boolean {
  return databaseHostOf(databaseUrl) === undefined;
}

/** The database's host when it is not this machine (for messages); undefined when it is. */
function databaseHostOf(databaseUrl: string): string | undefined {
  const parsed = parse(databaseUrl) as { host?: string | null; hostaddr?: string };
  const hosts = [parsed.hostaddr, parsed.host ?? new URL(databaseUrl).hostname]
    .filter((host): host is string => typeof host === 'string' && host !== '')
    .flatMap((host) => host.split(','));
  if (hosts.length === 0) return '(no host)';
  return hosts.find((host) => !host.startsWith('/') && !isLoopbackHost(host));
}

/**
 * Demo data (an org tree whose users share a published password) belongs to a developer's machine only. Refused,
 * with the way to a real first administrator, when the database is anywhere else or the service listens beyond
 * loopback: whoever read the README could otherwise sign in to a real deployment as a city's internet office.
 */
export function assertDemoAllowed(config: {
  readonly DATABASE_URL: string;
  readonly HOST?: string;
  readonly YUQING_DEMO?: boolean;
}): void {
  if (!config.YUQING_DEMO) return;
  const why = 'the demo accounts share a published password';
  const way = 'create the first administrator with `npm run identity:bootstrap` instead (docs/operations.md)';
  const remote = databaseHostOf(config.DATABASE_URL);
  if (remote !== undefined)
    throw new ConfigError(
      'YUQING_DEMO',
      `is refused: ${why}, and the database (${remote}) is not on this machine; ${way}`,
    );
  if (config.HOST !== undefined && !isLoopbackHost(config.HOST))
    throw new ConfigError(
      'YUQING_DEMO',
      `is refused: ${why}, and this service listens beyond loopback (HOST ${config.HOST}); ${way}`,
    );
}
