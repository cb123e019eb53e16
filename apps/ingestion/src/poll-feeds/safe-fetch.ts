import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/**
 * HTTP GET for addresses that come from users (feed URLs): refuses loopback, private, link-local and other
 * internal addresses unless an operator allow-listed the host, checks every redirect the same way, and
 * connects to the address it vetted (no second DNS answer can slip in). Bounded in size and time.
 */
export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `${host} resolves to ${address}, an internal address; an operator must allow-list it (FEED_ALLOWLIST)`,
    );
    this.name = 'BlockedAddressError';
  }
}

export interface SafeFetchOptions {
  /** Hosts (or host:port) allowed even though they resolve to internal addresses. */
  readonly allowlist?: readonly string[];
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
  readonly maxRedirects?: number;
  readonly headers?: Record<string, string>;
}

export interface FetchedResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly url: string;
}

function ipv4Blocked(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** True for loopback, private, link-local, CGNAT, benchmark, multicast and unspecified addresses. */
export function isInternalAddress(address: string): boolean {
  if (isIP(address) === 4) return ipv4Blocked(address);
  const v6 = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return ipv4Blocked(mapped[1]!);
  return (
    v6 === '::' ||
    v6 === '::1' ||
    v6.startsWith('fc') ||
    v6.startsWith('fd') ||
    v6.startsWith('fe8') ||
    v6.startsWith('fe9') ||
    v6.startsWith('fea') ||
    v6.startsWith('feb') ||
    v6.startsWith('ff')
  );
}

function allowed(url: URL, allowlist: readonly string[]): boolean {
  return allowlist.includes(url.hostname) || allowlist.includes(url.host);
}

function vettedLookup(url: URL, allowlist: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as LookupAddress[];
      if (!allowed(url, allowlist)) {
        const internal = list.find((entry) => isInternalAddress(entry.address));
        if (internal) return callback(new BlockedAddressError(hostname, internal.address), '', 4);
      }
      const chosen = list[0]!;
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [chosen]);
      callback(null, chosen.address, chosen.family);
    });
  };
}

export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<FetchedResponse> {
  let url = new URL(rawUrl);
  const allowlist = options.allowlist ?? [];
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`refusing scheme ${url.protocol}`);
    if (
      isIP(url.hostname.replace(/^\[|\]$/g, '')) &&
      !allowed(url, allowlist) &&
      isInternalAddress(url.hostname.replace(/^\[|\]$/g, ''))
    ) {
      throw new BlockedAddressError(url.hostname, url.hostname);
    }
    const response = await requestOnce(url, allowlist, options);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      if (redirects >= (options.maxRedirects ?? 3)) throw new Error('too many redirects');
      url = new URL(location, url);
      continue;
    }
    return { ...response, url: url.toString() };
  }
}

function requestOnce(
  url: URL,
  allowlist: readonly string[],
  options: SafeFetchOptions,
): Promise<Omit<FetchedResponse, 'url'>> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        lookup: vettedLookup(url, allowlist),
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          'user-agent': 'yuqing-monitor/1.0',
          accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.5',
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new Error(`response larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)),
    );
    request.on('error', reject);
  });
}
