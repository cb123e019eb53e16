import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { startGateway, type RunningGateway } from '../testing/gateway-app';

// docs/operations.md: "A service failing in mid-answer gets the connection cut, never a truncated body that looks
// whole." A real service over HTTP writes its headers and part of its body, then its connection drops. The caller
// of the gateway must see the answer break off (not end as if complete, not hang), or, when nothing of the body had
// come yet, a 502 problem naming the context; the gateway stays up for the next request.
const schema = uniqueName('cutconn');
const base = testServiceConfig();
let gateway: RunningGateway;
let service: http.Server;

/** The service's answers that are waiting for the test to cut them, by request path. */
const open = new Map<string, ServerResponse>();
const BODY = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, title: `第${i}条` })) });
const HALF = Buffer.from(BODY).subarray(0, 200);

/** Cuts the service's connection for `path`: the socket is destroyed, no end of body is ever sent. */
function cut(path: string): void {
  open.get(path)?.socket?.destroy();
  open.delete(path);
}

function upstream(): http.Server {
  return http.createServer((req, res) => {
    const path = req.url ?? '';
    open.set(path, res);
    if (path.startsWith('/api/cut/headers-only')) {
      // Headers with a promised length, then the connection drops before any of the body.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(BODY.length) });
      // Cut once the headers are on the wire (handed to the kernel, which sends them before the close).
      res.write('', () => cut(path));
    } else if (path.startsWith('/api/cut/with-length')) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(BODY)),
      });
      res.write(HALF); // the test cuts once its client has these bytes
    } else if (path.startsWith('/api/cut/chunked')) {
      // No length: only the terminating chunk would tell the body is whole.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(HALF);
    } else {
      open.delete(path);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(BODY);
    }
  });
}

interface Outcome {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The answer's body arrived whole (its length, or its terminating chunk). */
  readonly complete: boolean;
  /** The connection broke off under the answer. */
  readonly aborted: boolean;
}

/**
 * GETs `path` from the gateway; `onFirstBytes` runs once the first body bytes have reached the caller. Fails the
 * test, rather than waiting for Jest, if the answer neither ends nor breaks off within 10 s.
 */
function get(path: string, onFirstBytes: () => void = () => undefined): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    const hang = setTimeout(() => {
      request.destroy();
      reject(new Error(`the gateway's answer to ${path} neither ended nor broke off within 10 s`));
    }, 10_000);
    const request = http.get(`${gateway.url}${path}`, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      let first = true;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (first) {
          first = false;
          onFirstBytes();
        }
      });
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => {
        clearTimeout(hang);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          complete: res.complete,
          aborted,
        });
      });
    });
    request.on('error', (error) => {
      clearTimeout(hang);
      reject(error);
    });
  });
}

beforeAll(async () => {
  service = upstream();
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  gateway = await startGateway(base, { schema, env: { SERVICE_URLS: `cut=${serviceUrl}` } });
});

afterAll(async () => {
  await gateway.close();
  service.closeAllConnections();
  await new Promise((resolve) => service.close(resolve));
  const pool = new Pool({ connectionString: base.DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('a service that cuts its connection in mid-answer', () => {
  it('passes a declared-length answer on, then cuts the caller off: the body never looks whole', async () => {
    const outcome = await get('/api/cut/with-length', () => cut('/api/cut/with-length'));
    expect(outcome.status).toBe(200);
    expect(outcome.headers['content-length']).toBe(String(Buffer.byteLength(BODY)));
    expect(outcome.body.length).toBeLessThan(Buffer.byteLength(BODY));
    expect({ complete: outcome.complete, aborted: outcome.aborted }).toEqual({
      complete: false,
      aborted: true,
    });
  });

  it('never ends a chunked answer with the terminating chunk after the service broke off', async () => {
    const outcome = await get('/api/cut/chunked', () => cut('/api/cut/chunked'));
    expect(outcome.status).toBe(200);
    expect(outcome.headers['content-length']).toBeUndefined();
    expect(Buffer.from(outcome.body).equals(HALF)).toBe(true);
    expect(() => JSON.parse(outcome.body) as unknown).toThrow();
    expect({ complete: outcome.complete, aborted: outcome.aborted }).toEqual({
      complete: false,
      aborted: true,
    });
  });

  it('answers 502 problem details naming the context when the service broke off before any of its body', async () => {
    const outcome = await get('/api/cut/headers-only');
    expect(outcome.complete).toBe(true);
    expect(outcome.status).toBe(502);
    expect(outcome.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(outcome.body)).toEqual({
      type: 'https://yuqing.invalid/problems/502',
      title: 'Bad Gateway',
      status: 502,
      detail: 'the cut service broke off its answer',
      instance: '/api/cut/headers-only',
    });
  });

  it('stays up: the next request is forwarded and answered whole, and the gateway is live', async () => {
    await get('/api/cut/chunked', () => cut('/api/cut/chunked'));
    const next = await get('/api/cut/whole');
    expect({ status: next.status, complete: next.complete, aborted: next.aborted }).toEqual({
      status: 200,
      complete: true,
      aborted: false,
    });
    expect(JSON.parse(next.body)).toEqual(JSON.parse(BODY));
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
  });
});
