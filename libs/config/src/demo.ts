import { isIP } from 'node:net';
import { ConfigError } from './config';

/** Whether a host name is this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Demo data (an org tree whose users share a published password) belongs to a developer's machine only. Refused,
 * with the way to a real first administrator, when the database is anywhere else: whoever read the README could
 * otherwise sign in to a real deployment as a city's internet office.
 */
export function assertDemoAllowed(config: {
  readonly DATABASE_URL: string;
  readonly YUQING_DEMO?: boolean;
}): void {
  if (!config.YUQING_DEMO) return;
  const host = new URL(config.DATABASE_URL).hostname;
  if (isLoopbackHost(host)) return;
  throw new ConfigError(
    'YUQING_DEMO',
    `is refused: the demo accounts share a published password, and the database (${host}) is not on this machine; ` +
      'create the first administrator with `npm run identity:bootstrap` instead (docs/operations.md)',
  );
}
