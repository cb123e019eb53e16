import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-app';

// The console signs in with a session, never a token: the gateway keeps it in PostgreSQL behind an HttpOnly,
// SameSite=Strict cookie, turns it into an access token for each request, and refuses a state-changing request
// without the session's CSRF token. It also serves the built console at `/` and at every page address.
const schema = uniqueName('idsess');
const base = testServiceConfig();
const password = 'yuqing-demo-2026';
const built = mkdtempSync(path.join(tmpdir(), 'console-'));
let gateway: RunningGateway;
let pool: Pool;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  text: string;
}

/** A browser of its own: the cookie it was given, sent back as a browser would. */
class Browser {
  cookie?: string;
  csrf?: string;

  async call(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${gateway.url}${url}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  }

  async signIn(username: string, pw = password): Promise<Answer> {
    const answer = await this.call('POST', '/api/session', { username, password: pw });
    if (answer.status === 200) this.csrf = answer.body.csrfToken as string;
    return answer;
  }

  /** A state-changing request as the console sends it, with the CSRF token. */
  async send(method: string, url: string, body?: unknown): Promise<Answer> {
    return this.call(method, url, body, this.csrf ? { 'x-csrf-token': this.csrf } : {});
  }
}

beforeAll(async () => {
  mkdirSync(path.join(built, 'assets'));
  writeFileSync(
    path.join(built, 'index.html'),
    '<!doctype html><title>舆情处置平台</title><div id="root"></div>',
  );
  writeFileSync(path.join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
  gateway = await startGateway(base, { schema, env: { CONSOLE_DIR: built } });
  pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
});

afterAll(async () => {
  await gateway?.close();
  await pool?.query(`drop schema if exists ${schema} cascade`);
  await pool?.query(`drop schema if exists ${schema}_auth cascade`);
  await pool?.end();
});

describe('the console’s session', () => {
  it('signs in into an HttpOnly, SameSite=Strict cookie; the page gets who it is and a CSRF token, never a token', async () => {
    const browser = new Browser();
    const wrong = await browser.signIn('yl.monitor', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(browser.cookie).toBeUndefined();

    const answer = await browser.signIn('yl.monitor');
    expect(answer.status).toBe(200);
    const setCookie = answer.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^yuqing_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(answer.body).toMatchObject({
      username: 'yl.monitor',
      orgUnit: 'cn.yn.km.yl.wxb',
      grants: [{ role: 'monitor', orgUnit: 'cn.yn.km.yl' }],
    });
    expect(answer.body.permissions).toEqual(
      expect.arrayContaining(['ingestion.read-items', 'events.stream']),
    );
    expect(answer.body.permissions).not.toContain('identity.manage-users');
    expect(answer.text).not.toMatch(/access_token|eyJ/);
    // Only a hash of the cookie's id is stored.
    const cookieId = browser.cookie!.split('=')[1]!;
    const { rows } = await pool.query<{ id_hash: string }>(`select id_hash from ${schema}.sessions`);
    expect(rows.map((r) => r.id_hash)).not.toContain(cookieId);

    const me = await browser.call('GET', '/api/identity/me');
    expect(me.status).toBe(200);
    expect(me.body.subject).toBe(answer.body.subject);
    expect((await browser.call('GET', '/api/session')).body.csrfToken).toBe(browser.csrf);
  });

  it('refuses a state-changing request without the session’s CSRF token, and takes it with', async () => {
    const browser = new Browser();
    await browser.signIn('yl.wxb');
    const user = { username: `yl.csrf.${Date.now()}`, displayName: '跨站测试', orgUnit: 'cn.yn.km.yl.wxb' };
    const forged = await browser.call('POST', '/api/identity/users', user);
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ rule: 'csrf' });
    const wrongToken = await browser.call('POST', '/api/identity/users', user, {
      'x-csrf-token': 'x'.repeat(43),
    });
    expect(wrongToken.status).toBe(403);
    const users = await browser.call('GET', `/api/identity/users?under=cn.yn.km.yl.wxb`);
    expect(JSON.stringify(users.body)).not.toContain(user.username);
    const sent = await browser.send('POST', '/api/identity/users', user);
    expect(sent.status).toBe(201);
  });

  it('signs out: the cookie is cleared and the session answers 401 from then on', async () => {
    const browser = new Browser();
    await browser.signIn('yl.leader');
    const kept = browser.cookie!;
    expect((await browser.call('DELETE', '/api/session')).status).toBe(403);
    const out = await browser.send('DELETE', '/api/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    // The old cookie, replayed, is worth nothing.
    browser.cookie = kept;
    const after = await browser.call('GET', '/api/identity/me');
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ rule: 'session-ended' });
    expect((await browser.call('GET', '/api/session')).status).toBe(401);
  });

  it('ends a session when the user’s password is reset, and one idle too long', async () => {
    const monitor = new Browser();
    await monitor.signIn('yl.monitor');
    const admin = new Browser();
    await admin.signIn('yl.wxb');
    const subject = (await monitor.call('GET', '/api/session')).body.subject as string;
    const reset = await admin.send('PUT', `/api/identity/users/${subject}/password`, {
      password: 'a-new-password-for-the-monitor',
    });
    expect(reset.status).toBe(204);
    expect((await monitor.call('GET', '/api/identity/me')).status).toBe(401);
    expect((await monitor.signIn('yl.monitor', 'a-new-password-for-the-monitor')).status).toBe(200);

    await pool.query(
      `update ${schema}.sessions set last_seen_at = now() - interval '31 minutes' where user_id = $1`,
      [subject],
    );
    expect((await monitor.call('GET', '/api/identity/me')).status).toBe(401);
  });

  it('leaves integrators’ bearer tokens alone: no CSRF token asked of them', async () => {
    const login = await new Browser().call('POST', '/api/identity/login', { username: 'yl.wxb', password });
    const token = login.body.access_token as string;
    const created = await new Browser().call(
      'POST',
      '/api/identity/users',
      { username: `yl.bearer.${Date.now()}`, displayName: '接口用户', orgUnit: 'cn.yn.km.yl.wxb' },
      { authorization: `Bearer ${token}` },
    );
    expect(created.status).toBe(201);
  });
});

describe('the console served at /', () => {
  it('answers every page address with the console, under a strict content security policy', async () => {
    for (const page of ['/', '/incidents/0194e1f2-0000-7000-8000-000000000001', '/reporting']) {
      const answer = await new Browser().call('GET', page, undefined, { accept: 'text/html' });
      expect({ page, status: answer.status }).toEqual({ page, status: 200 });
      expect(answer.text).toContain('舆情处置平台');
      expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('cache-control')).toBe('no-cache');
    }
    const asset = await new Browser().call('GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('never shadows the API: an unknown API path is a 404 problem, not the console', async () => {
    const answer = await new Browser().call('GET', '/api/nothing-here', undefined, { accept: 'text/html' });
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain('舆情处置平台');
    const missing = await new Browser().call('GET', '/assets/missing.js');
    expect(missing.status).toBe(404);
  });
});
