import { z } from 'zod';
import { isLoopbackHost } from '@yuqing/config';

// Plain http only to this machine: anywhere else whoever sits on the path could hand a service their own keys and
// sign any token.
export { isLoopbackHost };

/** Why a JWKS URL is refused, or undefined when it may be used: https anywhere, plain http on loopback only. */
export function jwksUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:')
    return `must use https outside loopback (${url.hostname} is not 127.0.0.1, ::1 or localhost): the signing keys must not travel in clear`;
  return 'must be an https:// URL (http:// only on loopback)';
}

/** A service's `AUTH_JWKS_URL`: refused at configuration when plain http leaves the machine. */
export const jwksUrlSchema = z.url().superRefine((value, ctx) => {
  const problem = jwksUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
