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

/** The eight 16-bit groups of an IPv6 address (any textual form, embedded IPv4 included), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (text.split('::').length > 2 || (tail === undefined && missing !== 0) || missing < 0) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) =>
    parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

const v4FromGroups = (hi: number, lo: number): string => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/**
 * True for loopback, private, link-local, CGNAT, benchmark, multicast and unspecified addresses, in IPv4 and
 * in every IPv6 form that can carry one (mapped ::ffff:a.b.c.d however written, compatible, NAT64 64:ff9b::/96,
 * 6to4 2002::/16), plus IPv6 unique-local, site-local and link-local.
 */
export function isInternalAddress(address: string): boolean {
  if (isIP(address) === 4) return ipv4Blocked(address);
  const g = ipv6Groups(address);
  if (!g) return true; // not an address we can read: refuse rather than guess
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(5) && g[5] === 0xffff) return ipv4Blocked(v4FromGroups(g[6]!, g[7]!)); // ::ffff:a.b.c.d
  if (zeros(6)) return g[6] === 0 && g[7]! <= 1 ? true : ipv4Blocked(v4FromGroups(g[6]!, g[7]!)); // ::, ::1, ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return ipv4Blocked(v4FromGroups(g[6]!, g[7]!)); // NAT64
  if (g[0] === 0x2002) return ipv4Blocked(v4FromGroups(g[1]!, g[2]!)); // 6to4
  const first = g[0]!;
  return (
    (first & 0xfe00) === 0xfc00 ||
    (first & 0xffc0) === 0xfe80 ||
    (first & 0xffc0) === 0xfec0 ||
    (first & 0xff00) === 0xff00
  );
}

function allowed(url: URL, allowlist: readonly string[]): boolean {
  const entries = allowlist.map((entry) => entry.toLowerCase());
  return entries.includes(url.hostname.toLowerCase()) || entries.includes(url.host.toLowerCase());
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
  const origin = url.host;
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
    // Conditional and other caller headers belong to the first host; a redirect elsewhere goes without them.
    const response = await requestOnce(
      url,
      allowlist,
      url.host === origin ? options : { ...options, headers: {} },
    );
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
        response.on('end', () => {
          clearTimeout(overall);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          });
        });
        response.on('error', reject);
      },
    );
    const timeoutMs = options.timeoutMs ?? 10_000;
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // The socket timeout is per silence; a server that trickles bytes is cut off by this overall limit.
    const overall = setTimeout(
      () => request.destroy(new Error(`no complete answer within ${2 * timeoutMs} ms`)),
      2 * timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(overall);
      reject(error);
    });
  });
}
