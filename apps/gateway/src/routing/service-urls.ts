import { z } from 'zod';

/** The contexts the gateway serves itself under /api/<context>/...: never forwarded. */
export const GATEWAY_CONTEXTS = ['identity', 'session', 'stream'] as const;

const CONTEXT_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** A context's service, as SERVICE_URLS names it: base URL without a trailing slash. */
export type ServiceUrls = Readonly<Record<string, string>>;

function parse(value: string): ServiceUrls | string {
  const urls: Record<string, string> = {};
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, Math.max(at, 0)).trim();
    const raw = entry.slice(at + 1).trim();
    if (at <= 0 || !CONTEXT_NAME.test(name))
      return `must be a comma-separated list of context=url, e.g. ingestion=http://127.0.0.1:3001 (bad entry ${JSON.stringify(entry.slice(0, 60))})`;
    if ((GATEWAY_CONTEXTS as readonly string[]).includes(name))
      return `cannot route ${name}: the gateway serves /api/${name} itself`;
    if (name in urls) return `names ${name} twice`;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return `has no valid URL for ${name}`;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username)
      return `must give ${name} an http(s) base URL without query, fragment or credentials`;
    urls[name] = url.href.replace(/\/+$/, '');
  }
  return urls;
}

/** `SERVICE_URLS`: where the gateway forwards /api/<context>/..., e.g. `ingestion=http://127.0.0.1:3001`. */
export const serviceUrlsSchema = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const parsed = parse(value);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  });
