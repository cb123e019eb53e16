import { spawn } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'pg';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { CommandBus } from '@nestjs/cqrs';
import { PostgresEventStore } from '@yuqing/event-store';
import { commandTransaction, serviceContext } from '@yuqing/service-kit';
import { Directory } from '../../read-models/directory/directory.read-model';
import { startGateway, type RunningGateway } from '../../testing/gateway-app';
import { addOrgUnit } from '../org-tree';
import { RegisterUserCommand } from '../register-user/register-user.command';

// A real deployment has no demo accounts: its first user comes from `npm run identity:bootstrap`, run once by the
// operator. The command is run here as the operator runs it (a process, the gateway's configuration), against a
// gateway of this file's own schemas without the demo tree.
const schema = uniqueName('idboot');
const base = testServiceConfig();
const root = path.resolve(__dirname, '../../../../..');
const cli = path.join(__dirname, 'bootstrap.cli.ts');
const unit = `cn.b${schema.slice(-8).replace(/[^a-z0-9]/g, 'x')}`;
let gateway: RunningGateway;
let pool: Pool;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bootstrap(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', cli, '--schema', schema, ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: base.DATABASE_URL,
        KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
        CONSUMER_GROUP_PREFIX: schema,
        // The test file's own topics (tools/jest), not the platform's.
        YUQING_TOPIC_NAMESPACE: process.env.YUQING_TOPIC_NAMESPACE ?? '',
      },
    });
    const run: Run = { code: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('exit', (code) => {
      run.code = code;
      resolve(run);
    });
  });
}

const administrator = [
  '--unit',
  unit,
  '--kind',
  'city',
  '--name',
  '测试市网信办',
  '--username',
  'city.admin',
  '--display-name',
  '王管理',
];

async function login(username: string, password: string): Promise<{ status: number; token?: string }> {
  const response = await fetch(`${gateway.url}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { access_token?: string };
  return { status: response.status, ...(body.access_token ? { token: body.access_token } : {}) };
}

beforeAll(async () => {
  pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
  gateway = await startGateway(base, { schema, env: { YUQING_DEMO: '0' } });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await pool?.query(`drop schema if exists ${schema} cascade`);
  await pool?.query(`drop schema if exists ${schema}_auth cascade`);
  await pool?.end();
});

it('creates the first administrator once, with a one-time password that signs in and is in no event', async () => {
  // Without the demo tree, its published password opens nothing.
  expect((await login('km.wxb', 'yuqing-demo-2026')).status).toBe(401);
  // A run that stopped after registering the user, before its grant: the unit and a user with no role, whose
  // password nobody was shown.
  const context = serviceContext('identity-bootstrap', unit);
  await gateway.app.get(PostgresEventStore).transaction((tx) =>
    addOrgUnit(commandTransaction(tx, context, new Date()), gateway.app.get(Directory), {
      orgUnit: unit,
      kind: 'city',
      name: '测试市网信办',
    }),
  );
  await gateway.app
    .get(CommandBus)
    .execute(
      new RegisterUserCommand(
        {
          username: 'city.admin',
          displayName: '王管理',
          orgUnit: unit,
          password: 'lost-with-the-stopped-run',
        },
        context,
      ),
    );

  // Two operators at once: one creates the administrator, the other is refused in one line with no password.
  const runs = await Promise.all([bootstrap(...administrator), bootstrap(...administrator)]);
  const [first, again] = runs[0]!.code === 0 ? [runs[0]!, runs[1]!] : [runs[1]!, runs[0]!];
  expect(first.code).toBe(0);
  expect(again.code).toBe(1);
  expect(again.stdout).toBe('');
  expect(again.stderr).toMatch(/^identity:bootstrap: users with roles exist already: .*\n$/);
  expect(again.stderr.split('\n')).toHaveLength(2);
  const password = /One-time password, shown only now and stored only as a hash: (\S+)/.exec(
    first.stdout,
  )?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

  // The user left behind is taken up: a new password, its grant.
  expect((await login('city.admin', 'lost-with-the-stopped-run')).status).toBe(401);
  const signedIn = await login('city.admin', password!);
  expect(signedIn.status).toBe(200);
  const me = await fetch(`${gateway.url}/api/identity/me`, {
    headers: { authorization: `Bearer ${signedIn.token}` },
  });
  expect(await me.json()).toMatchObject({
    grants: [expect.objectContaining({ role: 'internet-office', orgUnit: unit })],
  });
  // It registers the next user of its unit as any administrator does.
  const registered = await fetch(`${gateway.url}/api/identity/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${signedIn.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'city.monitor', displayName: '李监测', orgUnit: unit }),
  });
  expect(registered.status).toBe(201);

  // The log holds the unit, the user and the grant, never the password.
  const { rows } = await pool.query<{ type: string; text: string }>(
    `select event_type as type, data::text || metadata::text as text from ${schema}.events order by global_position`,
  );
  expect(rows.map((r) => r.type)).toEqual(
    expect.arrayContaining(['identity.OrgUnitCreated', 'identity.UserRegistered', 'identity.RoleGranted']),
  );
  expect(rows.filter((r) => r.text.includes(password!))).toEqual([]);
}, 120_000);

it('names what is missing or wrong in its arguments, in one line', async () => {
  const missing = await bootstrap('--unit', unit);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^identity:bootstrap: usage: npm run identity:bootstrap -- --unit <path>/);
  const kind = await bootstrap(...administrator.map((a) => (a === 'city' ? 'castle' : a)));
  expect(kind.code).toBe(1);
  expect(kind.stderr).toMatch(/^identity:bootstrap: --kind must be one of .*city/);
}, 60_000);
