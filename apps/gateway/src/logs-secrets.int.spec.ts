import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { startGateway, type RunningGateway } from './testing/gateway-app';

// Passwords and tokens never reach the logs: drive sign-ins (right, wrong, locked), authenticated requests,
// refusals, invalid tokens and client credentials through a real gateway at debug level, then scan every line: once
// the lines the requests must write are there, the gateway is shut down, so what its consumers, relay and shutdown
// write later is scanned too.
const schema = uniqueName('logscan');
const base = testServiceConfig();
const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
let gateway: RunningGateway;
let closed = false;

beforeAll(async () => {
  gateway = await startGateway(base, {
    schema,
    logger: createLogger({ service: 'gateway', level: 'trace', destination: capture }),
  });
});

afterAll(async () => {
  if (!closed) await gateway.close();
  const pool = new Pool({ connectionString: base.DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

it('writes no password, secret or token to the logs, whatever the requests', async () => {
  const demoPassword = gateway.config.YUQING_DEMO_PASSWORD;
  const wrongPassword = 'Wrong-Password-Seen-Nowhere-7';
  const secrets = [demoPassword, wrongPassword];
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  const signedIn = (await (
    await post('/api/identity/login', { username: 'yl.wxb', password: demoPassword })
  ).json()) as {
    access_token: string;
  };
  const token = signedIn.access_token;
  secrets.push(token, token.split('.')[2]!);
  for (let i = 0; i < 6; i++)
    await post('/api/identity/login', { username: 'sl.monitor', password: wrongPassword });
  await post('/api/identity/login', { username: 'sl.monitor', password: demoPassword });
  const auth = { authorization: `Bearer ${token}` };
  await fetch(`${gateway.url}/api/identity/org-units`, { headers: auth });
  await post(
    '/api/identity/users',
    { username: 'leak.test', displayName: '测试', orgUnit: 'cn.yn.km.yl', password: 'New-User-Password-99' },
    auth,
  );
  secrets.push('New-User-Password-99');
  await post(
    '/api/identity/users',
    {
      username: 'leak.sibling',
      displayName: '越权',
      orgUnit: 'cn.yn.km.sl',
      password: 'Sibling-Password-98',
    },
    auth,
  );
  secrets.push('Sibling-Password-98');
  const tampered = `${token.slice(0, -4)}AAAA`;
  secrets.push(tampered);
  await fetch(`${gateway.url}/api/identity/org-units`, { headers: { authorization: `Bearer ${tampered}` } });
  const client = (await (
    await post('/api/identity/token', {
      grant_type: 'client_credentials',
      client_id: 'yl-crawler',
      client_secret: demoPassword,
    })
  ).json()) as { access_token: string };
  secrets.push(client.access_token);
  const registered = (await (
    await post(
      '/api/identity/clients',
      { clientId: 'leak-client', name: '采集', orgUnit: 'cn.yn.km.yl', scopes: ['events.stream'] },
      auth,
    )
  ).json()) as { clientSecret: string };
  secrets.push(registered.clientSecret);
  await post('/api/identity/token', {
    grant_type: 'client_credentials',
    client_id: 'leak-client',
    client_secret: 'bad-secret-value-1',
  });
  secrets.push('bad-secret-value-1');
  // The refused sign-up is the one request that must leave a line; then nothing more may come from this gateway.
  await waitFor('the refusal in the log', async () => lines.some((line) => line.includes('access denied')));
  await gateway.close();
  closed = true;

  expect(lines.length).toBeGreaterThan(10);
  expect(lines.some((line) => line.includes('access denied'))).toBe(true);
  const leaks = lines.flatMap((line) =>
    secrets.filter((secret) => line.includes(secret)).map(() => line.slice(0, 200)),
  );
  expect(leaks).toEqual([]);
  expect(lines.filter((line) => /\$argon2id\$/.test(line))).toEqual([]);
});
