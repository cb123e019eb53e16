import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import {
  BadGatewayException,
  BadRequestException,
  GatewayTimeoutException,
  HttpException,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

/** Request headers a service needs; everything else (cookies, hop-by-hop, proxy credentials) stays here. */
const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'idempotency-key',
  'content-type',
  'content-length',
  'content-encoding',
  'accept',
  'accept-language',
  'traceparent',
  'tracestate',
] as const;

/** RFC 9110 §7.6.1: meaningful for one connection only, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export interface ForwardTarget {
  /** The context, e.g. `ingestion`: named in errors. */
  readonly context: string;
  /** The service's base URL, e.g. `http://127.0.0.1:3001`. */
  readonly baseUrl: string;
}

export interface ForwardLimits {
  readonly timeoutMs: number;
  readonly bodyLimitBytes: number;
}

/** Why forwarding failed, for the log; the caller sees only the problem details. */
export type ForwardFailureListener = (context: string, error: Error) => void;

/** Response headers of the service minus hop-by-hop ones (and those its Connection header lists). */
function responseHeaders(headers: IncomingHttpHeaders): [string, string | string[]][] {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  return Object.entries(headers).filter(
    (entry): entry is [string, string | string[]] =>
      entry[1] !== undefined && !HOP_BY_HOP.has(entry[0]) && !listed.has(entry[0]),
  );
}

function requestHeaders(req: Request): OutgoingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const chain = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [typeof chain === 'string' ? chain : undefined, req.socket.remoteAddress]
    .filter(Boolean)
    .join(', ');
  headers['x-forwarded-proto'] = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  return headers;
}

/**
 * Forwards one request to a service and streams its answer back: method, path and query as received, the body as
 * a stream (at most `bodyLimitBytes`, else 413), the headers a service needs plus X-Forwarded-For/-Proto/-Host.
 * Resolves once the answer has been passed on. Rejects with a problem to send (413, 502 naming the context, 504
 * after `timeoutMs` of silence) while nothing has been sent yet; a failure in mid-answer cuts the connection, so
 * the caller never takes a truncated body for a whole one.
 */
export function forward(
  req: Request,
  res: Response,
  target: ForwardTarget,
  limits: ForwardLimits,
  onFailure: ForwardFailureListener = () => undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const tooLarge = () =>
      new PayloadTooLargeException(
        `request body is larger than ${Math.round(limits.bodyLimitBytes / 1024 / 1024)} MB`,
      );
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.bodyLimitBytes) {
      res.setHeader('connection', 'close'); // the unread body is not drained
      reject(tooLarge());
      return;
    }
    const base = new URL(target.baseUrl);
    const prefix = `${base.pathname.replace(/\/+$/, '')}/api/${target.context}`;
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}${req.originalUrl}`, base.origin);
    // However the path was written, what reaches the service stays under /api/<context>.
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
      reject(new BadRequestException('the path leaves the context it names'));
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    const upstream = transport.request(url, {
      method: req.method,
      headers: requestHeaders(req),
      timeout: limits.timeoutMs,
    });

    let settled = false;
    const fail = (problem: HttpException, cause: Error) => {
      if (settled) return;
      settled = true;
      onFailure(target.context, cause);
      req.unpipe(upstream);
      upstream.destroy();
      if (res.headersSent) {
        res.destroy(cause);
        resolve();
      } else {
        res.setHeader('connection', 'close');
        reject(problem);
      }
    };

    upstream.on('timeout', () =>
      fail(
        new GatewayTimeoutException(
          `the ${target.context} service did not answer within ${Math.round(limits.timeoutMs / 1000)} s`,
        ),
        new Error(`no answer within ${limits.timeoutMs} ms`),
      ),
    );
    upstream.on('error', (error) =>
      fail(new BadGatewayException(`the ${target.context} service is unreachable`), error),
    );
    upstream.on('response', (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const [name, value] of responseHeaders(answer.headers)) res.setHeader(name, value);
      answer.on('error', (error) =>
        fail(new BadGatewayException(`the ${target.context} service broke off its answer`), error),
      );
      answer.on('end', () => {
        if (settled) return;
        settled = true;
        resolve();
      });
      answer.pipe(res);
    });
    // The caller went away: stop the service's work on its behalf.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });

    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.bodyLimitBytes) fail(tooLarge(), new Error('request body over the limit'));
    });
    req.on('error', (error) => fail(new BadGatewayException('the request body broke off'), error));
    req.pipe(upstream);
  });
}
