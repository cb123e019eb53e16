import { Pool } from 'pg';
import { RevocationList } from '@yuqing/auth';
import { GrantRevoked, identityStreams, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { createKafka, toMessage } from '@yuqing/messaging';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { startGateway, type RunningGateway } from '../testing/gateway-app';

// GET /api/stream: an event committed in a unit reaches a connected user of that unit (or above it) within a
// second, through the event store, the relay and Kafka, and never a user of another unit.
const schema = uniqueName('stream');
const base = testServiceConfig();
let gateway: RunningGateway;

interface Connection {
  received: { type: string; eventId: string; orgUnit: string; at: number }[];
  close(): void;
}

async function connect(username: string): Promise<Connection> {
  const login = await fetch(`${gateway.url}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: gateway.config.YUQING_DEMO_PASSWORD }),
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const abort = new AbortController();
  const response = await fetch(`${gateway.url}/api/stream`, {
    headers: { authorization: `Bearer ${access_token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const connection: Connection = { received: [], close: () => abort.abort() };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data)
            connection.received.push({
              ...(JSON.parse(data.slice(6)) as Connection['received'][number]),
              at: Date.now(),
            });
        }
      }
    } catch {
      // aborted
    }
  })();
  return connection;
}

beforeAll(async () => {
  gateway = await startGateway(base, {
    schema,
  });
});

afterAll(async () => {
  await gateway.close();
  const pool = new Pool({ connectionString: base.DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

it('delivers an event to a user of its unit within one second of commit, and never to a user outside it', async () => {
  const county = await connect('yl.monitor');
  const city = await connect('km.leader');
  const sibling = await connect('sl.monitor');
  const otherCity = await connect('qj.wxb');
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const store = gateway.app.get(PostgresEventStore);
    const committedAt = Date.now();
    const { events } = await store.append(
      `identity-orgunit-cn.yn.km.yl.kyz.${uniqueName('t').replace('_', '')}`.toLowerCase(),
      [
        {
          type: 'identity.OrgUnitCreated',
          data: {
            orgUnit: 'cn.yn.km.yl.kyz.stream-test',
            parent: 'cn.yn.km.yl.kyz',
            kind: 'department',
            name: '流测试',
          },
        },
      ],
      {
        expectedVersion: 'no_stream',
        metadata: {
          orgUnit: 'cn.yn.km.yl.kyz',
          actor: { kind: 'service', id: 'test' },
          correlationId: uuidv7(),
        },
      },
    );
    const eventId = events[0]!.eventId;
    const deadline = committedAt + 1000;
    while (
      Date.now() < deadline &&
      !(
        county.received.some((e) => e.eventId === eventId) && city.received.some((e) => e.eventId === eventId)
      )
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const countyGot = county.received.find((e) => e.eventId === eventId);
    const cityGot = city.received.find((e) => e.eventId === eventId);
    expect(countyGot).toMatchObject({ type: 'identity.OrgUnitCreated', orgUnit: 'cn.yn.km.yl.kyz' });
    expect(countyGot!.at - committedAt).toBeLessThanOrEqual(1000);
    expect(cityGot!.at - committedAt).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sibling.received.filter((e) => e.eventId === eventId)).toEqual([]);
    expect(otherCity.received.filter((e) => e.eventId === eventId)).toEqual([]);
    for (const e of [...sibling.received]) expect(e.orgUnit.startsWith('cn.yn.km.sl')).toBe(true);
    for (const e of [...otherCity.received]) expect(e.orgUnit.startsWith('cn.yn.qj')).toBe(true);
  } finally {
    for (const c of [county, city, sibling, otherCity]) c.close();
  }
});

// Issue 19: sign-ins, lockouts and grants went to every role. They go to who may read users, in the event's unit.
it('streams identity’s user events to an internet office of the unit, never to its monitor', async () => {
  const monitor = await connect('yl.monitor');
  const office = await connect('yl.wxb');
  const otherOffice = await connect('sl.wxb');
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const userId = uuidv7();
    const { events } = await gateway.app.get(PostgresEventStore).append(
      identityStreams.user.id(userId),
      [
        {
          type: 'identity.RoleGranted',
          data: { grantId: uuidv7(), userId, role: 'monitor', orgUnit: 'cn.yn.km.yl' },
        },
        { type: 'identity.LoginFailed', data: { userId, reason: 'wrong-password', failuresInARow: 1 } },
      ],
      {
        expectedVersion: 'no_stream',
        metadata: { orgUnit: 'cn.yn.km.yl', actor: { kind: 'service', id: 'test' }, correlationId: uuidv7() },
      },
    );
    const ids = events.map((e) => e.eventId);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && ids.some((id) => !office.received.some((e) => e.eventId === id))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(office.received.filter((e) => ids.includes(e.eventId)).map((e) => e.type)).toEqual([
      'identity.RoleGranted',
      'identity.LoginFailed',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(monitor.received.filter((e) => ids.includes(e.eventId))).toEqual([]);
    expect(otherOffice.received.filter((e) => ids.includes(e.eventId))).toEqual([]);
    for (const e of monitor.received)
      expect(e.type === 'identity.OrgUnitCreated' || !e.type.startsWith('identity.')).toBe(true);
  } finally {
    for (const c of [monitor, office, otherOffice]) c.close();
  }
});

// Issue 19: a GrantRevoked from the topic was trusted whoever wrote it. Only identity's own revokes (a forged source
// goes to the dead-letter topic); who may write to the topic at all is the broker's ACLs (deployment).
it('revokes a grant on identity’s GrantRevoked, not on one another producer forged', async () => {
  const kafka = createKafka({ brokers: base.KAFKA_BROKERS, clientId: 'stream-revocation-test' });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const revoked = (grantId: string): RecordedEvent => ({
    eventId: uuidv7(),
    type: GrantRevoked.type,
    schemaVersion: 1,
    streamId: identityStreams.user.id(uuidv7()),
    streamPosition: 2,
    globalPosition: '1',
    transactionId: '1',
    data: { grantId, subjectId: uuidv7(), reason: '岗位调整' },
    metadata: { orgUnit: 'cn.yn.km.yl', actor: { kind: 'service', id: 'test' }, correlationId: uuidv7() },
    recordedAt: new Date(),
  });
  const forged = uuidv7();
  const genuine = uuidv7();
  try {
    await producer.send({
      topic: GrantRevoked.topic,
      acks: -1,
      messages: [
        toMessage(revoked(forged), '/yuqing/reporting'),
        toMessage(revoked(genuine), '/yuqing/identity'),
      ],
    });
  } finally {
    await producer.disconnect();
  }
  const list = gateway.app.get(RevocationList);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !(await list.revokedAmong([genuine])).has(genuine)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The two streams may sit on different partitions: give the forged one time to arrive too.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect([...(await list.revokedAmong([forged, genuine]))]).toEqual([genuine]);
});

it('refuses the stream without a token', async () => {
  const response = await fetch(`${gateway.url}/api/stream`);
  expect(response.status).toBe(401);
});
