import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { DeliveryError } from '../delivery';
import { BlockedAddressError, isAllowListed, isInternalAddress, vettedLookup } from '@yuqing/net-guard';

const ALLOW_SETTING = 'NOTIFY_ALLOW_PRIVATE_HOSTS';

/**
 * POST for operator-configured endpoints (webhooks, group robots, the SMS gateway). The URLs come from
 * configuration, not users, but a mistyped or hijacked one must not turn the notifier into a probe of the
 * intranet: loopback, private and link-local addresses are refused unless the host is allow-listed
 * (NOTIFY_ALLOW_PRIVATE_HOSTS), and the socket connects to the address that was vetted. Redirects are not
 * followed. Every failure is a DeliveryError whose message names no URL (robot URLs carry their token).
 */
export interface GuardedPostOptions {
  /** Hosts (or host:port) allowed although they resolve to internal addresses. */
  readonly allowPrivateHosts?: readonly string[];
  /** The whole exchange must finish within this time. */
  readonly timeoutMs?: number;
  readonly headers?: Record<string, string>;
  /** Response bytes kept; the rest is read and dropped. */
  readonly maxResponseBytes?: number;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** A network failure as a transient DeliveryError, named by its errno code only (the message holds the host). */
function networkError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof BlockedAddressError) {
    return DeliveryError.permanent(
      'blocked-address',
      'the endpoint resolves to an internal address; an operator must allow-list it (NOTIFY_ALLOW_PRIVATE_HOSTS)',
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return DeliveryError.transient(`network-${code.toLowerCase()}`, `network error ${code}`);
  }
  return DeliveryError.transient('network-error', 'network error');
}

export function guardedPost(
  rawUrl: string,
  body: string,
  options: GuardedPostOptions = {},
): Promise<HttpResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return Promise.reject(DeliveryError.permanent('invalid-endpoint', 'the endpoint URL is not a valid URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(DeliveryError.permanent('invalid-endpoint', 'the endpoint URL must be http(s)'));
  }
  const allowlist = options.allowPrivateHosts ?? [];
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !isAllowListed(url, allowlist) && isInternalAddress(literal)) {
    return Promise.reject(networkError(new BlockedAddressError(url.hostname, literal, ALLOW_SETTING)));
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const payload = Buffer.from(body, 'utf8');
  const client = url.protocol === 'https:' ? https : http;

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, result?: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (result) resolve(result);
      else reject(networkError(error));
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: vettedLookup(url, allowlist, ALLOW_SETTING),
        timeout: timeoutMs,
        headers: {
          'user-agent': 'yuqing-notifier/1.0',
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json',
          ...options.headers,
          'content-length': String(payload.length),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
        });
        response.on('end', () =>
          finish(undefined, {
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', (error) => finish(error));
      },
    );
    const timedOut = () => DeliveryError.transient('timeout', `no complete answer within ${timeoutMs} ms`);
    // The socket timeout is per silence; a receiver that trickles bytes is cut off by this overall deadline.
    const deadline = setTimeout(() => {
      finish(timedOut());
      request.destroy();
    }, timeoutMs);
    request.on('timeout', () => {
      finish(timedOut());
      request.destroy();
    });
    request.on('error', (error) => finish(error));
    request.end(payload);
  });
}

/** Seconds or an HTTP date, as Retry-After carries it; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * The HTTP rule every HTTP channel shares: 2xx is accepted (undefined); 408, 425, 429 and 5xx are transient
 * (the receiver is busy or down; Retry-After is honoured); any other status is permanent: the same request
 * would be refused again (a 3xx too, since a notifier does not follow redirects with a signed body).
 */
export function classifyHttpStatus(result: HttpResult, now: Date): DeliveryError | undefined {
  const { status } = result;
  if (status >= 200 && status < 300) return undefined;
  const code = `http-${status}`;
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return DeliveryError.transient(
      code,
      `the endpoint answered HTTP ${status}`,
      parseRetryAfter(result.headers['retry-after'], now),
    );
  }
  return DeliveryError.permanent(code, `the endpoint refused the notification with HTTP ${status}`);
}
