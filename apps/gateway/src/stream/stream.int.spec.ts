import { Pool } from 'pg';
import { RevocationList } from '@yuqing/auth';
import { GrantRevoked, identityStreams, type NewEvent, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7, type AppendResult, type ExpectedVersion } from '@yuqing/event-store';
import { createKafka, toMessage } from '@yuqing/messaging';
import { eventually, testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { startGateway, type RunningGateway } from '../testing/gateway-app';

// GET /api/stream: an event committed in a unit reaches a connected user of that unit (or above it), through the
// event store, the relay and Kafka, and never a user of another unit. How fast is a benchmark's question
// (`npm run bench:alert`), not a test's: a timed assertion fails a correct build on a loaded machine. "Never" is shown with a
// later event of the same stream that the other user may see: Kafka keeps one stream's events in order (they share
// a partition), so once that later event has arrived, the earlier one would have arrived before it.
const schema = uniqueName('stream');
const base = testServiceConfig();
let gateway: RunningGateway;

interface Connection {
  received: { type: string; eventId: string; orgUnit: string; at: number }[];
  close(): void;
}

const metadataIn = (orgUnit: string) => ({
  orgUnit,
  actor: { kind: 'service' as const, id: 'test' },
  correlationId: uuidv7(),
});

/** Appends `events` to `streamId` in `orgUnit`, as a service would. */
function appendTo(
  streamId: string,
  expectedVersion: ExpectedVersion,
  orgUnit: string,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  return gateway.app
    .get(PostgresEventStore)
    .append(streamId, events, { expectedVersion, metadata: metadataIn(orgUnit) });
}

/** Waits until `connection` has received the event `eventId`; returns its index in what it received. */
async function arrival(connection: Connection, eventId: string, what: string): Promise<number> {
  await waitFor(what, async () => connection.received.some((e) => e.eventId === eventId), 15_000);
  return connection.received.findIndex((e) => e.eventId === eventId);
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
  let subscribed = false;
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
          // The controller writes its scope, then subscribes in the same tick: from this line on, events reach us.
          if (frame.startsWith(': scope')) subscribed = true;
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
  await waitFor(`the stream of ${username} to open`, async () => subscribed, 10_000);
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

it('delivers an event to the users of its unit and above it, and never to a user outside it', async () => {
  const county = await connect('yl.monitor');
  const city = await connect('km.leader');
  const sibling = await connect('sl.monitor');
  const otherCity = await connect('qj.wxb');
  try {
    const store = gateway.app.get(PostgresEventStore);
    const streamId = `identity-orgunit-cn.yn.km.yl.kyz.${uniqueName('t').replace('_', '')}`.toLowerCase();
    const { events, nextExpectedVersion } = await store.append(
      streamId,
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
      { expectedVersion: 'no_stream', metadata: metadataIn('cn.yn.km.yl.kyz') },
    );
    const eventId = events[0]!.eventId;
    const got = await eventually('the county and the city to receive the event', async () => {
      const received = [county, city].map((user) => user.received.find((e) => e.eventId === eventId));
      return received.every((e) => e !== undefined) ? received : undefined;
    });
    for (const received of got)
      expect(received).toMatchObject({ type: 'identity.OrgUnitCreated', orgUnit: 'cn.yn.km.yl.kyz' });

    // Later events of the same stream, one in each outside unit: each outside user must get its own, and must not
    // have had the first one before it (nor after: the stream stays open until the end of the test).
    const inSibling = await appendTo(streamId, nextExpectedVersion, 'cn.yn.km.sl', [
      {
        type: 'identity.OrgUnitCreated',
        data: { orgUnit: 'cn.yn.km.sl.marker', parent: 'cn.yn.km.sl', kind: 'department', name: '标记' },
      },
    ]);
    const inOtherCity = await appendTo(streamId, inSibling.nextExpectedVersion, 'cn.yn.qj', [
      {
        type: 'identity.OrgUnitCreated',
        data: { orgUnit: 'cn.yn.qj.marker', parent: 'cn.yn.qj', kind: 'department', name: '标记' },
      },
    ]);
    const [siblingMarker, otherCityMarker] = [inSibling, inOtherCity].map((r) => r.events[0]!.eventId);
    const siblingAt = await arrival(sibling, siblingMarker!, 'the sibling county’s later event');
    const otherCityAt = await arrival(otherCity, otherCityMarker!, 'the other city’s later event');
    expect(sibling.received.slice(0, siblingAt).filter((e) => e.eventId === eventId)).toEqual([]);
    expect(otherCity.received.slice(0, otherCityAt).filter((e) => e.eventId === eventId)).toEqual([]);
    expect(sibling.received.filter((e) => e.eventId === eventId)).toEqual([]);
    expect(otherCity.received.filter((e) => e.eventId === eventId)).toEqual([]);
    // Neither saw the other's marker: each saw its own unit only.
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
    const userId = uuidv7();
    const streamId = identityStreams.user.id(userId);
    const store = gateway.app.get(PostgresEventStore);
    const { events, nextExpectedVersion } = await store.append(
      streamId,
      [
        {
          type: 'identity.RoleGranted',
          data: { grantId: uuidv7(), userId, role: 'monitor', orgUnit: 'cn.yn.km.yl' },
        },
        { type: 'identity.LoginFailed', data: { userId, reason: 'wrong-password', failuresInARow: 1 } },
      ],
      { expectedVersion: 'no_stream', metadata: metadataIn('cn.yn.km.yl') },
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
    // Later in the same stream: what the monitor may see (the org tree, in its unit) and a user event in the other
    // office's unit. Once each has arrived, the user events before them would have too.
    const inMonitorsUnit = await appendTo(streamId, nextExpectedVersion, 'cn.yn.km.yl', [
      {
        type: 'identity.OrgUnitCreated',
        data: { orgUnit: 'cn.yn.km.yl.marker', parent: 'cn.yn.km.yl', kind: 'department', name: '标记' },
      },
    ]);
    const inOtherOfficesUnit = await appendTo(streamId, inMonitorsUnit.nextExpectedVersion, 'cn.yn.km.sl', [
      { type: 'identity.LoginFailed', data: { userId, reason: 'wrong-password', failuresInARow: 2 } },
    ]);
    const [monitorMarker, otherOfficeMarker] = [inMonitorsUnit, inOtherOfficesUnit].map(
      (r) => r.events[0]!.eventId,
    );
    const monitorAt = await arrival(monitor, monitorMarker!, 'the org-tree event for the monitor');
    const otherOfficeAt = await arrival(otherOffice, otherOfficeMarker!, 'the other office’s user event');
    expect(monitor.received.slice(0, monitorAt).filter((e) => ids.includes(e.eventId))).toEqual([]);
    expect(otherOffice.received.slice(0, otherOfficeAt).filter((e) => ids.includes(e.eventId))).toEqual([]);
    expect(
      monitor.received.filter((e) => ids.includes(e.eventId) || e.eventId === otherOfficeMarker),
    ).toEqual([]);
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
  // Both on one stream, so one partition: the forged one is handled (and refused) before the genuine one.
  const streamId = identityStreams.user.id(uuidv7());
  const revoked = (grantId: string, streamPosition: number): RecordedEvent => ({
    eventId: uuidv7(),
    type: GrantRevoked.type,
    schemaVersion: 1,
    streamId,
    streamPosition,
    globalPosition: String(streamPosition),
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
        toMessage(revoked(forged, 2), '/yuqing/reporting'),
        toMessage(revoked(genuine, 3), '/yuqing/identity'),
      ],
    });
  } finally {
    await producer.disconnect();
  }
  const list = gateway.app.get(RevocationList);
  await waitFor(
    'the genuine revocation',
    async () => (await list.revokedAmong([genuine])).has(genuine),
    10_000,
  );
  expect([...(await list.revokedAmong([forged, genuine]))]).toEqual([genuine]);
});

it('refuses the stream without a token', async () => {
  const response = await fetch(`${gateway.url}/api/stream`);
  expect(response.status).toBe(401);
});
