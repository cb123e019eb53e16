import { createHmac } from 'node:crypto';
import { Pool } from 'pg';
import { generateSigningKey, TokenSigner, TokenVerifier, type SigningKey } from '@yuqing/auth';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { DemoLoader, startGateway, type RunningGateway } from '../testing/gateway-app';
import { LoginService } from './login/login.service';

// Identity end to end on the real servers: the demo tree, sign-in slowed down after failures (never locked), users and grants as events,
// scoped reads, refusals recorded, client credentials, and a revoked grant refused without a restart.
const schema = uniqueName('identity');
const base = testServiceConfig();
const password = 'yuqing-demo-2026';
let gateway: RunningGateway;
let pool: Pool;

interface Answer {
  status: number;
  body: Record<string, unknown> & { items?: Record<string, unknown>[] };
  headers: Headers;
}

async function call(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Answer['body']) : {},
    headers: response.headers,
  };
}

async function login(username: string, pw = password): Promise<string> {
  const answer = await call('POST', '/api/identity/login', undefined, { username, password: pw });
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

beforeAll(async () => {
  gateway = await startGateway(base, {
    schema,
    // A long first delay, so that an attempt right after the fifth failure is still slowed on a busy machine.
    identity: { loginThrottle: { attempts: 1000, windowMs: 60_000, baseDelayMs: 60_000 } },
  });
  pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
});

afterAll(async () => {
  await gateway.close();
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('the identity context', () => {
  it('loads the demo tree as events, and loading it again changes nothing', async () => {
    const counts = async () =>
      (await pool.query<{ n: string }>(`select count(*)::text as n from ${schema}.events`)).rows[0]!.n;
    const before = await counts();
    expect(Number(before)).toBeGreaterThan(50);
    const types = (
      await pool.query<{ event_type: string }>(`select distinct event_type from ${schema}.events order by 1`)
    ).rows.map((r) => r.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'identity.OrgUnitCreated',
        'identity.UserRegistered',
        'identity.RoleGranted',
        'identity.PasswordChanged',
        'identity.ClientRegistered',
      ]),
    );
    await expect(gateway.app.get(DemoLoader).load()).resolves.toEqual({
      orgUnits: 0,
      users: 0,
      clients: 0,
    });
    expect(await counts()).toBe(before);
  });

  it('signs a user in with an RS256 token that verifies against the served JWKS', async () => {
    const token = await login('yl.monitor');
    const jwks = await call('GET', '/.well-known/jwks.json');
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d"|"p"|"q"/);
    const verifier = new TokenVerifier({
      issuer: gateway.config.AUTH_ISSUER,
      audience: gateway.config.AUTH_AUDIENCE,
      keys: { jwksUrl: `${gateway.url}/.well-known/jwks.json` },
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      kind: 'user',
      grants: [expect.objectContaining({ role: 'monitor', orgUnit: 'cn.yn.km.yl' })],
    });
    const me = await call('GET', '/api/identity/me', token);
    expect(me.status).toBe(200);
  });

  it('slows an address down after five wrong passwords, never locks the owner out, and keeps failures and passwords out of events', async () => {
    const wrong = 'not-the-password-123';
    for (let i = 1; i <= 5; i++) {
      expect(
        (await call('POST', '/api/identity/login', undefined, { username: 'sl.monitor', password: wrong }))
          .status,
      ).toBe(401);
    }
    const sixth = await call('POST', '/api/identity/login', undefined, {
      username: 'sl.monitor',
      password: wrong,
    });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ status: 429, detail: expect.stringContaining('wait') });
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    // The guessing address waits, even with the right password; the owner elsewhere signs in at once.
    const right = await call('POST', '/api/identity/login', undefined, { username: 'sl.monitor', password });
    expect(right.status).toBe(429);
    await expect(
      gateway.app.get(LoginService).login('sl.monitor', password, '198.51.100.9'),
    ).resolves.toMatchObject({ token_type: 'Bearer' });
    const { rows } = await pool.query<{ event_type: string }>(
      `select event_type from ${schema}.events where event_type like 'identity.Login%' or event_type = 'identity.AccountLocked'`,
    );
    expect(rows.map((r) => r.event_type)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/LoginFailed|AccountLocked/)]),
    );
    expect(rows.map((r) => r.event_type)).toContain('identity.LoginSucceeded');
    const everything = (
      await pool.query<{ all: string }>(
        `select string_agg(data::text || metadata::text, ' ') as all from ${schema}.events`,
      )
    ).rows[0]!.all;
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('$argon2id$');
  });

  it('answers an unknown user like a wrong password', async () => {
    const answer = await call('POST', '/api/identity/login', undefined, {
      username: 'nobody',
      password: 'whatever-123456',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.detail).toBe('the username or password is wrong');
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets a county office register a user in its town and grant a role; the user signs in with it', async () => {
    const office = await login('yl.wxb');
    const created = await call('POST', '/api/identity/users', office, {
      username: 'kyz.new-monitor',
      displayName: '新监测员',
      orgUnit: 'cn.yn.km.yl.kyz.dzb',
      password: 'a-long-password-42',
    });
    expect(created.status).toBe(201);
    const userId = created.body.userId as string;
    const granted = await call('POST', `/api/identity/users/${userId}/grants`, office, {
      role: 'monitor',
      orgUnit: 'cn.yn.km.yl.kyz',
    });
    expect(granted.status).toBe(201);
    const token = await login('kyz.new-monitor', 'a-long-password-42');
    const me = await call('GET', '/api/identity/me', token);
    expect(me.body.grants).toEqual([
      { grantId: granted.body.grantId, role: 'monitor', orgUnit: 'cn.yn.km.yl.kyz' },
    ]);
  });

  it('keeps the name and post documents call a user by: registered with them, changed as events, refused when malformed', async () => {
    const office = await login('yl.wxb');
    const created = await call('POST', '/api/identity/users', office, {
      username: 'yl.deputy',
      displayName: '刘芳',
      post: '宜良县委网信办副主任',
      orgUnit: 'cn.yn.km.yl.wxb',
    });
    expect(created.status).toBe(201);
    const userId = created.body.userId as string;
    const listed = async () =>
      ((await call('GET', '/api/identity/users?orgUnit=cn.yn.km.yl.wxb', office)).body.items ?? []).find(
        (u) => u.userId === userId,
      );
    expect(await listed()).toMatchObject({ displayName: '刘芳', post: '宜良县委网信办副主任' });

    const promoted = await call('PUT', `/api/identity/users/${userId}/profile`, office, {
      displayName: '刘芳',
      post: '宜良县委网信办主任',
    });
    expect(promoted.status).toBe(204);
    // The same again is no change: no second event.
    await call('PUT', `/api/identity/users/${userId}/profile`, office, {
      displayName: '刘芳',
      post: '宜良县委网信办主任',
    });
    expect(await listed()).toMatchObject({ displayName: '刘芳', post: '宜良县委网信办主任' });
    const { rows } = await pool.query<{ event_type: string; data: Record<string, unknown> }>(
      `select event_type, data from ${schema}.events where stream_id = $1 order by stream_position`,
      [`identity-user-${userId}`],
    );
    expect(rows.map((r) => [r.event_type, r.data['post']])).toEqual([
      ['identity.UserRegistered', '宜良县委网信办副主任'],
      ['identity.UserProfileChanged', '宜良县委网信办主任'],
    ]);

    const blank = await call('PUT', `/api/identity/users/${userId}/profile`, office, { displayName: ' ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ path: 'displayName' })]);
    const unknown = await call('PUT', '/api/identity/users/no-such-user/profile', office, {
      displayName: '某人',
    });
    expect(unknown.status).toBe(404);
    const elsewhere = await call('PUT', `/api/identity/users/${userId}/profile`, await login('qj.wxb'), {
      displayName: '冒名',
    });
    expect(elsewhere.status).toBe(403);
  });

  it('refuses a county office acting in the sibling county with 403 and a reason, and records the refusal', async () => {
    const office = await login('yl.wxb');
    const refused = await call('POST', '/api/identity/users', office, {
      username: 'sl.intruder',
      displayName: '越权',
      orgUnit: 'cn.yn.km.sl',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      status: 403,
      reason: 'outside-scope',
      permission: 'identity.manage-users',
      orgUnit: 'cn.yn.km.sl',
    });
    const city = await login('km.wxb');
    const denials = await call('GET', '/api/identity/access-denials?orgUnit=cn.yn.km.sl', city);
    expect(denials.status).toBe(200);
    expect(denials.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          permission: 'identity.manage-users',
          orgUnit: 'cn.yn.km.sl',
          reason: 'outside-scope',
        }),
      ]),
    );
    const county = await call('GET', '/api/identity/access-denials?orgUnit=cn.yn.km.sl', office);
    expect(county.status).toBe(403);
  });

  it('shows each caller only the org units and users of its scope', async () => {
    const county = await call('GET', '/api/identity/org-units', await login('yl.wxb'));
    const units = (county.body.items ?? []).map((u) => u.orgUnit as string);
    expect(units).toContain('cn.yn.km.yl.kyz.dzb');
    expect(units.every((u) => u === 'cn.yn.km.yl' || u.startsWith('cn.yn.km.yl.'))).toBe(true);
    // The units it reports to are named, and nothing else of them is shown.
    expect(county.body.above).toEqual([
      { orgUnit: 'cn.yn', parent: null, kind: 'province', name: '云南省' },
      { orgUnit: 'cn.yn.km', parent: 'cn.yn', kind: 'city', name: '昆明市' },
    ]);
    const other = await call('GET', '/api/identity/users', await login('qj.wxb'));
    expect((other.body.items ?? []).every((u) => (u.orgUnit as string).startsWith('cn.yn.qj'))).toBe(true);
    expect((other.body.items ?? []).map((u) => u.username)).toEqual(['qj.wxb']);
  });

  it('answers bad input with problem details: 400, 401, 409, 422', async () => {
    const office = await login('yl.wxb');
    const invalid = await call('POST', '/api/identity/org-units', office, {
      parent: 'cn.yn.km.yl',
      segment: 'Bad_Seg',
      kind: 'town',
      name: 'x',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ path: 'segment' })]);
    const noParent = await call('POST', '/api/identity/org-units', office, {
      parent: 'cn.yn.km.yl.nowhere',
      segment: 'x',
      kind: 'town',
      name: 'x',
    });
    expect(noParent.status).toBe(422);
    const twice = await call('POST', '/api/identity/org-units', office, {
      parent: 'cn.yn.km.yl',
      segment: 'kyz',
      kind: 'town',
      name: '匡远街道',
    });
    expect(twice.status).toBe(409);
    const taken = await call('POST', '/api/identity/users', office, {
      username: 'yl.monitor',
      displayName: 'x',
      orgUnit: 'cn.yn.km.yl',
    });
    expect(taken.status).toBe(409);
    const notJson = await fetch(`${gateway.url}/api/identity/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(notJson.status).toBe(400);
    const anonymous = await call('GET', '/api/identity/org-units');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses at the HTTP edge tokens that are expired, foreign, unsigned or for another audience', async () => {
    const grants = [{ grantId: 'g', role: 'internet-office' as const, orgUnit: 'cn.yn' }];
    const subject = { subject: 'forger', kind: 'user' as const, grants };
    const { issuer, audience } = {
      issuer: gateway.config.AUTH_ISSUER,
      audience: gateway.config.AUTH_AUDIENCE,
    };
    const stranger = await generateSigningKey();
    // The gateway's own key (the database holds it only encrypted, keys/key-store.ts).
    const own: SigningKey = gateway.keys.activeKey();
    const expired = await new TokenSigner({ key: own, issuer, audience, ttlSeconds: 60 }).sign(
      subject,
      new Date(Date.now() - 3_600_000),
    );
    const foreign = await new TokenSigner({ key: { ...stranger, kid: own.kid }, issuer, audience }).sign(
      subject,
    );
    const otherAudience = await new TokenSigner({ key: own, issuer, audience: 'another-system' }).sign(
      subject,
    );
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      aud: audience,
      sub: 'forger',
      exp: now + 600,
      yq_kind: 'user',
      yq_grants: [{ id: 'g', role: 'internet-office', unit: 'cn.yn' }],
    };
    const none = `${b64({ alg: 'none' })}.${b64(claims)}.`;
    const head = `${b64({ alg: 'HS256', kid: own.kid })}.${b64(claims)}`;
    const hmac = `${head}.${createHmac('sha256', JSON.stringify(own.publicJwk)).update(head).digest('base64url')}`;
    for (const token of [expired, foreign, otherAudience, none, hmac]) {
      const answer = await call('GET', '/api/identity/org-units', token);
      expect({ status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        status: 401,
        type: expect.stringContaining('application/problem+json'),
      });
    }
  });

  it('stops honouring a revoked grant without a restart, while the token is still unexpired', async () => {
    const office = await login('yl.wxb');
    const created = await call('POST', '/api/identity/users', office, {
      username: 'yl.temp',
      displayName: '临时',
      orgUnit: 'cn.yn.km.yl',
      password: 'a-long-password-43',
    });
    const userId = created.body.userId as string;
    const grant = await call('POST', `/api/identity/users/${userId}/grants`, office, {
      role: 'monitor',
      orgUnit: 'cn.yn.km.yl',
    });
    const token = await login('yl.temp', 'a-long-password-43');
    expect((await call('GET', '/api/identity/org-units', token)).status).toBe(200);
    const revoked = await call(
      'POST',
      `/api/identity/grants/${grant.body.grantId as string}/revocations`,
      office,
      { reason: '调离岗位' },
    );
    expect(revoked.status).toBe(204);
    const deadline = Date.now() + 15_000;
    let answer = await call('GET', '/api/identity/org-units', token);
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await call('GET', '/api/identity/org-units', token);
    }
    expect(answer.status).toBe(403);
    expect(answer.body.reason).toBe('grant-revoked');
  });

  it('issues client-credential tokens with scopes to integrators, and refuses a wrong secret', async () => {
    const basic = Buffer.from(`yl-crawler:${password}`).toString('base64');
    const form = await fetch(`${gateway.url}/api/identity/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=events.stream',
    });
    expect(form.status).toBe(200);
    const issued = (await form.json()) as { access_token: string; scope: string; token_type: string };
    expect(issued).toMatchObject({ token_type: 'Bearer', scope: 'events.stream' });
    expect((await call('GET', '/api/identity/org-units', issued.access_token)).body).toMatchObject({
      status: 403,
      reason: 'missing-scope',
    });
    const wrong = await call('POST', '/api/identity/token', undefined, {
      grant_type: 'client_credentials',
      client_id: 'yl-crawler',
      client_secret: 'wrong-secret',
    });
    expect(wrong.status).toBe(401);
    const tooMuch = await call('POST', '/api/identity/token', undefined, {
      grant_type: 'client_credentials',
      client_id: 'yl-crawler',
      client_secret: password,
      scope: 'identity.manage-users',
    });
    expect(tooMuch.status).toBe(400);
  });

  it('answers Basic credentials that are not form-urlencoded with 401 and a Basic challenge, not a 500', async () => {
    for (const credentials of ['yl-crawler:%E4%B8', '%zz:secret', 'yl-crawler:100%']) {
      const response = await fetch(`${gateway.url}/api/identity/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      expect({ credentials, status: response.status }).toEqual({ credentials, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(await response.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/Basic/) });
    }
  });
});
