import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { startGateway, type RunningGateway } from '../testing/gateway-app';

// The gateway as the single entry: /api/<context>/... forwarded to a stand-in service over real HTTP, and the
// failures a caller can meet on the way (no such context, a service down or silent, a body too large), each as
// problem details.
const schema = uniqueName('routing');
const base = testServiceConfig();
let gateway: RunningGateway;
let echo: Server;
let silent: Server;
let downUrl: string;

interface Echoed {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  body: string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A service that tells what it received; `/openapi.json` is its document. */
function echoService(): Server {
  return http.createServer((req, res) => {
    if (req.url === '/openapi.json') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          openapi: '3.0.3',
          info: { title: 'yuqing echo', version: '0.1.0' },
          paths: {
            '/api/echo/things': {
              post: { operationId: 'Echo_create', 'x-yuqing-permission': 'echo.create' },
            },
            '/health/live': { get: { operationId: 'Health_live' } },
          },
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const echoed: Echoed = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        bytes: body.length,
        body: body.length < 10_000 ? body.toString('utf8') : '',
      };
      res.writeHead(201, {
        'content-type': 'application/json',
        location: '/api/echo/things/1',
        'x-echo': 'yes',
        'keep-alive': 'timeout=5',
      });
      res.end(JSON.stringify(echoed));
    });
  });
}

async function closedPortUrl(): Promise<string> {
  const probe = http.createServer();
  const url = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return url;
}

/** Sends a body in chunks without a content-length, as a streaming client does. */
function sendChunked(
  url: string,
  chunks: number,
  chunkBytes: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(chunkBytes, 'a');
    let sent = 0;
    const next = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', next);
      }
      req.end();
    };
    next();
  });
}

beforeAll(async () => {
  echo = echoService();
  silent = http.createServer(() => undefined); // accepts, never answers
  const [echoUrl, silentUrl] = await Promise.all([listen(echo), listen(silent)]);
  downUrl = await closedPortUrl();
  gateway = await startGateway(base, {
    schema,
    documentTimeoutMs: 500,
    env: {
      SERVICE_URLS: `echo=${echoUrl},silent=${silentUrl},down=${downUrl}`,
      // Long enough for a 3 MiB body on a loaded machine (1 s gave a 504 mid-upload), short for the silent service.
      PROXY_TIMEOUT_SECONDS: '3',
    },
  });
});

afterAll(async () => {
  await gateway.close();
  silent.closeAllConnections();
  await Promise.all([echo, silent].map((s) => new Promise((resolve) => s.close(resolve))));
  const pool = new Pool({ connectionString: base.DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('the gateway routes /api/<context>/... to its service', () => {
  it('forwards method, path, query, body and the headers a service needs, and passes the answer back', async () => {
    const response = await fetch(`${gateway.url}/api/echo/things?after=abc&limit=2`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer a.b.c',
        'idempotency-key': 'k-1',
        'content-type': 'application/json',
        accept: 'application/json',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        cookie: 'session=secret',
        'x-forwarded-for': '203.0.113.9',
      },
      body: JSON.stringify({ orgUnit: 'cn.yn.km', title: '河道污染' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/echo/things/1');
    expect(response.headers.get('x-echo')).toBe('yes');
    const echoed = (await response.json()) as Echoed;
    expect(echoed).toMatchObject({
      method: 'POST',
      url: '/api/echo/things?after=abc&limit=2',
      body: JSON.stringify({ orgUnit: 'cn.yn.km', title: '河道污染' }),
    });
    expect(echoed.headers).toMatchObject({
      authorization: 'Bearer a.b.c',
      'idempotency-key': 'k-1',
      'content-type': 'application/json',
      accept: 'application/json',
      'x-forwarded-for': '203.0.113.9, 127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(echoed.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
    expect(echoed.headers.cookie).toBeUndefined();
  });

  it('streams bodies larger than its own JSON limit, up to the forwarding limit', async () => {
    const json = JSON.stringify({ content: 'x'.repeat(3 * 1024 * 1024) });
    const response = await fetch(`${gateway.url}/api/echo/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as Echoed).bytes).toBe(Buffer.byteLength(json));
    const chunked = await sendChunked(`${gateway.url}/api/echo/imports`, 64, 64 * 1024);
    expect(chunked.status).toBe(201);
    expect((JSON.parse(chunked.body) as Echoed).bytes).toBe(64 * 64 * 1024);
  });

  it('answers 413 problem details for a body over 8 MB, declared or streamed', async () => {
    const response = await fetch(`${gateway.url}/api/echo/imports`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: Buffer.alloc(8 * 1024 * 1024 + 1, 'a'),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 413, detail: 'request body is larger than 8 MB' });
    const streamed = await sendChunked(`${gateway.url}/api/echo/imports`, 160, 64 * 1024);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers 404 problem details for a context no service serves, and for an unknown route of its own', async () => {
    const unknown = await fetch(`${gateway.url}/api/nowhere/items`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await unknown.json()).toMatchObject({
      status: 404,
      detail: 'no service serves /api/nowhere: the context is unknown to this gateway',
      instance: '/api/nowhere/items',
    });
    const own = await fetch(`${gateway.url}/api/identity/nothing-here`, { method: 'DELETE' });
    expect(own.status).toBe(404);
    expect(await own.json()).toMatchObject({ detail: 'no route for DELETE /api/identity/nothing-here' });
  });

  it('answers 502 problem details naming the context when its service is unreachable, without internals', async () => {
    const response = await fetch(`${gateway.url}/api/down/items`);
    expect(response.status).toBe(502);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toEqual({
      type: 'https://yuqing.invalid/problems/502',
      title: 'Bad Gateway',
      status: 502,
      detail: 'the down service is unreachable',
      instance: '/api/down/items',
    });
  });

  it('answers 504 problem details when the service stays silent past the timeout', async () => {
    const started = Date.now();
    const response = await fetch(`${gateway.url}/api/silent/items`);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({
      status: 504,
      detail: 'the silent service did not answer within 3 s',
    });
    // It waited its timeout, and answered on it: not on Node's own limits, which are minutes.
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(2_900);
    expect(waited).toBeLessThan(30_000);
  });

  it('refuses dot segments, encoded or not, with 400 before they reach a service’s internal routes', async () => {
    const raw = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        // A raw request line: fetch and URL would resolve the dots on the client's side.
        const req = http.request(`${gateway.url}/`, { path }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of [
      '/api/echo/%2e%2e/%2e%2e/internal/metrics',
      '/api/echo/things/%2E%2e/%2e%2E/%2e%2e/openapi.json',
      '/api/echo/things/.%2e/../../internal',
      '/api/echo/./things/%2e/x?limit=1',
    ]) {
      const answer = await raw(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(JSON.parse(answer.body)).toMatchObject({
        status: 400,
        detail: expect.stringMatching(/dot segment/),
      });
    }
    // A dot inside a segment is an ordinary character.
    const dotted = await raw('/api/echo/things/report.v1..draft');
    expect(dotted.status).toBe(201);
    expect((JSON.parse(dotted.body) as Echoed).url).toBe('/api/echo/things/report.v1..draft');
  });

  it('keeps its own routes: /api/identity/me still asks for a token, the stream stays its own', async () => {
    const me = await fetch(`${gateway.url}/api/identity/me`);
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toContain('Bearer');
    const stream = await fetch(`${gateway.url}/api/stream`);
    expect(stream.status).toBe(401);
  });
});

describe('the merged OpenAPI document', () => {
  it('serves the gateway’s paths with the services’ /api paths, and lists a service that is down instead of failing', async () => {
    const response = await fetch(`${gateway.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      'x-yuqing-unavailable': { context: string; reason: string }[];
      'x-yuqing-services': { context: string }[];
    };
    expect(document.paths['/api/identity/me']?.get?.['x-yuqing-permission']).toBe('identity.read-self');
    expect(document.paths['/api/echo/things']?.post).toMatchObject({
      'x-yuqing-permission': 'echo.create',
      'x-yuqing-service': 'echo',
    });
    expect(Object.keys(document.paths).filter((p) => p.startsWith('/api/echo'))).toEqual([
      '/api/echo/things',
    ]);
    expect(document['x-yuqing-services']).toEqual([
      { context: 'echo', title: 'yuqing echo', version: '0.1.0' },
    ]);
    expect(document['x-yuqing-unavailable']).toEqual([
      { context: 'silent', reason: 'no answer within 500 ms' },
      { context: 'down', reason: 'unreachable' },
    ]);
  });

  it('serves the gateway’s own document at /openapi.json: bearer auth declared, public operations open', async () => {
    const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown[]; 'x-yuqing-org-unit'?: unknown }>>;
    };
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/identity/users']?.post).toMatchObject({
      security: [{ bearer: [] }],
      'x-yuqing-org-unit': { from: 'body.orgUnit' },
    });
    expect(document.paths['/api/identity/login']?.post?.security).toBeUndefined();
    expect(Object.keys(document.paths).some((p) => p.includes(':context') || p.includes('{context}'))).toBe(
      false,
    );
  });
});
