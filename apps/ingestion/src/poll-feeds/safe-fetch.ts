import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { BlockedAddressError, isAllowListed, isInternalAddress, vettedLookup } from '@yuqing/net-guard';

/**
 * HTTP GET for addresses that come from users (feed URLs): refuses loopback, private, link-local and other
 * internal addresses unless an operator allow-listed the host, checks every redirect the same way, and
 * connects to the address it vetted (no second DNS answer can slip in). Bounded in size and time.
 */
/** The setting that allow-lists a feed host. */
const FEED_ALLOWLIST = 'FEED_ALLOWLIST';

export { BlockedAddressError, isInternalAddress };

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

export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<FetchedResponse> {
  let url = new URL(rawUrl);
  const allowlist = options.allowlist ?? [];
  const origin = url.host;
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`refusing scheme ${url.protocol}`);
    if (
      isIP(url.hostname.replace(/^\[|\]$/g, '')) &&
      !isAllowListed(url, allowlist) &&
      isInternalAddress(url.hostname.replace(/^\[|\]$/g, ''))
    ) {
      throw new BlockedAddressError(url.hostname, url.hostname, FEED_ALLOWLIST);
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
        lookup: vettedLookup(url, allowlist, FEED_ALLOWLIST),
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
