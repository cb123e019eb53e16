import { Pool } from 'pg';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { startGateway, type RunningGateway } from '../testing/gateway-app';

// The identity commands on the one command path (contract, handler, CommandBus, pipeline), against the real
// servers: each refusal is a problem with its rule, never a 500, even when two requests race; an Idempotency-Key
// replays where the answer holds no secret and is refused where the request or answer does; a secret is stored
// in the command's transaction, so a refused command leaves no credential behind.
const schema = uniqueName('idcmd');
const base = testServiceConfig();
const password = 'yuqing-demo-2026';
let gateway: RunningGateway;
let pool: Pool;
let office: string;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${office}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

async function count(sql: string, params: unknown[]): Promise<number> {
  return Number((await pool.query<{ n: string }>(`select count(*)::text as n ${sql}`, params)).rows[0]!.n);
}

beforeAll(async () => {
  gateway = await startGateway(base, {
    schema,
    identity: { loginThrottle: { attempts: 1000, windowMs: 60_000 } },
  });
  pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
  const signedIn = await fetch(`${gateway.url}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'yl.wxb', password }),
  });
  office = ((await signedIn.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await gateway?.close();
  await pool?.query(`drop schema if exists ${schema} cascade`);
  await pool?.query(`drop schema if exists ${schema}_auth cascade`);
  await pool?.end();
});

describe('identity commands', () => {
  it('records the new unit with the caller as actor, the correlation id sent, and the unit itself as org unit', async () => {
    const created = await call(
      'POST',
      '/api/identity/org-units',
      { parent: 'cn.yn.km.yl', segment: 'nc', kind: 'town', name: '南城街道' },
      { 'x-correlation-id': 'corr-idcmd-1' },
    );
    expect(created).toEqual({
      status: 201,
      body: { orgUnit: 'cn.yn.km.yl.nc', parent: 'cn.yn.km.yl', kind: 'town', name: '南城街道' },
    });
    const { rows } = await pool.query<{
      metadata: { orgUnit: string; correlationId: string; actor: unknown };
    }>(`select metadata from ${schema}.events where stream_id = $1`, ['identity-orgunit-cn.yn.km.yl.nc']);
    expect(rows.map((r) => r.metadata)).toEqual([
      expect.objectContaining({
        orgUnit: 'cn.yn.km.yl.nc',
        correlationId: 'corr-idcmd-1',
        actor: expect.objectContaining({ kind: 'user' }),
      }),
    ]);
  });

  it('answers two creations of one unit at once with one 201 and one 409 naming the rule', async () => {
    const body = { parent: 'cn.yn.km.yl', segment: 'race', kind: 'town', name: '同时' };
    const answers = await Promise.all([0, 1, 2].map(() => call('POST', '/api/identity/org-units', body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
      rule: 'org-unit-taken',
      detail: 'org unit cn.yn.km.yl.race already exists',
    });
    expect(
      await count(`from ${schema}.events where stream_id = $1`, ['identity-orgunit-cn.yn.km.yl.race']),
    ).toBe(1);
  });

  it('answers two registrations of one username at once with one 201 and one 409 naming the rule', async () => {
    const body = { username: 'yl.race', displayName: '同名', orgUnit: 'cn.yn.km.yl' };
    const answers = await Promise.all([0, 1].map(() => call('POST', '/api/identity/users', body)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
      rule: 'username-taken',
      detail: 'username yl.race is taken',
    });
  });

  it('replays an Idempotency-Key with the same body, and refuses it with another (422 with the rule)', async () => {
    const key = { 'idempotency-key': uniqueName('key') };
    const body = { parent: 'cn.yn.km.yl', segment: 'bc', kind: 'town', name: '北城街道' };
    const first = await call('POST', '/api/identity/org-units', body, key);
    const again = await call('POST', '/api/identity/org-units', body, key);
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(
      await count(`from ${schema}.events where stream_id = $1`, ['identity-orgunit-cn.yn.km.yl.bc']),
    ).toBe(1);
    const other = await call('POST', '/api/identity/org-units', { ...body, segment: 'xc' }, key);
    expect(other.status).toBe(422);
    expect(other.body.rule).toBe('identity.idempotency-key-reused');
  });

  it('refuses an Idempotency-Key where a password or secret is in the request or the answer', async () => {
    const key = { 'idempotency-key': uniqueName('key') };
    const user = await call(
      'POST',
      '/api/identity/users',
      { username: 'yl.keyed', displayName: '带键', orgUnit: 'cn.yn.km.yl', password: 'a-long-password-44' },
      key,
    );
    const client = await call(
      'POST',
      '/api/identity/clients',
      { clientId: 'yl-keyed', name: '带键', orgUnit: 'cn.yn.km.yl', scopes: ['events.stream'] },
      key,
    );
    for (const answer of [user, client]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
    }
    expect(await count(`from ${schema}.users where username = $1`, ['yl.keyed'])).toBe(0);
  });

  it('stores a new password with its event in one transaction, and a refused client leaves no credential', async () => {
    const created = await call('POST', '/api/identity/users', {
      username: 'yl.onetx',
      displayName: '一次',
      orgUnit: 'cn.yn.km.yl',
      password: 'a-long-password-45',
    });
    expect(created.status).toBe(201);
    const { rows } = await pool.query<{ event_type: string; transaction_id: string }>(
      `select event_type, transaction_id::text from ${schema}.events where stream_id = $1 order by stream_position`,
      [`identity-user-${created.body.userId as string}`],
    );
    expect(rows.map((r) => r.event_type)).toEqual(['identity.UserRegistered', 'identity.PasswordChanged']);
    expect(new Set(rows.map((r) => r.transaction_id)).size).toBe(1);
    expect(await count(`from ${schema}.credentials where subject_id = $1`, [created.body.userId])).toBe(1);

    const before = await count(`from ${schema}.credentials where subject_id = $1`, ['yl-crawler']);
    const twice = await call('POST', '/api/identity/clients', {
      clientId: 'yl-crawler',
      name: '采集',
      orgUnit: 'cn.yn.km.yl',
      scopes: ['events.stream'],
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ rule: 'client-taken', detail: 'client yl-crawler already exists' });
    expect(await count(`from ${schema}.credentials where subject_id = $1`, ['yl-crawler'])).toBe(before);
  });

  it('keeps the rules of its refusals: 422 human-role and org-unit-exists, 409 grant-exists', async () => {
    const user = await call('POST', '/api/identity/users', {
      username: 'yl.rules',
      displayName: '规则',
      orgUnit: 'cn.yn.km.yl',
    });
    const userId = user.body.userId as string;
    const integrator = await call('POST', `/api/identity/users/${userId}/grants`, {
      role: 'integrator',
      orgUnit: 'cn.yn.km.yl',
    });
    expect(integrator).toMatchObject({ status: 422, body: { rule: 'human-role' } });
    const nowhere = await call('POST', '/api/identity/users', {
      username: 'yl.nowhere',
      displayName: '无处',
      orgUnit: 'cn.yn.km.yl.nowhere',
    });
    expect(nowhere).toMatchObject({
      status: 422,
      body: { rule: 'org-unit-exists', detail: 'org unit cn.yn.km.yl.nowhere does not exist' },
    });
    const grant = { role: 'monitor', orgUnit: 'cn.yn.km.yl' };
    expect((await call('POST', `/api/identity/users/${userId}/grants`, grant)).status).toBe(201);
    expect(await call('POST', `/api/identity/users/${userId}/grants`, grant)).toMatchObject({
      status: 409,
      body: { rule: 'grant-exists', detail: 'the user already holds this role in this unit' },
    });
  });
});
