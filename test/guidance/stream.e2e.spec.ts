import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { eventsTopic, guidanceStreams } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { createKafka } from '@yuqing/messaging';
import { gatewayClient, infraEnv, startPlatform, type RunningPlatform } from '@yuqing/testing';

// The live stream carries guidance's events: the county office arranges an incident's response through the gateway
// (guidance appends ResponsePlanOpened, its relay publishes it on yuqing.guidance.events.v1), and GET /api/stream
// delivers it to a user of the county and of its city, never to a user of another city. "Never" is shown with a
// later event the other city must get, on the same partition of the topic (Kafka keeps a partition in order): once
// it has arrived, the county's event would have arrived before it.

const COUNTY = 'cn.yn.km.yl';
const CITY = 'cn.yn.km';
const OTHER_CITY = 'cn.yn.qj';

interface Received {
  readonly type: string;
  readonly orgUnit: string;
  readonly data: { readonly incidentId?: string };
}

interface Connection {
  readonly received: Received[];
  close(): void;
}

let platform: RunningPlatform;
const { as, call } = gatewayClient(() => platform);

/** The partition of guidance's topic that the relay (kafkajs's default partitioner, keyed by stream) picks. */
async function partitionPicker(): Promise<(incidentId: string) => number> {
  const admin = createKafka({ brokers: infraEnv().KAFKA_BROKERS, clientId: 'guidance-stream-e2e' }).admin();
  await admin.connect();
  const topic = eventsTopic('guidance');
  let partitionMetadata: PartitionMetadata[];
  try {
    partitionMetadata = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions;
  } finally {
    await admin.disconnect();
  }
  const pick = Partitioners.DefaultPartitioner();
  return (incidentId) =>
    pick({
      topic,
      partitionMetadata,
      message: { key: guidanceStreams.response.id(incidentId), value: null },
    });
}

/** Opens GET /api/stream as a monitor of `orgUnit` and collects the events it delivers. */
async function connect(orgUnit: string): Promise<Connection> {
  const abort = new AbortController();
  const response = await fetch(`${platform.gateway.url}/api/stream`, {
    headers: { authorization: `Bearer ${await as('monitor', orgUnit)}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
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
          const data = buffer
            .slice(0, cut)
            .split('\n')
            .find((line) => line.startsWith('data: '));
          buffer = buffer.slice(cut + 2);
          if (data) connection.received.push(JSON.parse(data.slice(6)) as Received);
        }
      }
    } catch {
      // aborted
    }
  })();
  return connection;
}

beforeAll(async () => {
  platform = await startPlatform({ only: ['guidance'] });
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

it('delivers a guidance event to users of the incident’s county and city, and not to another city', async () => {
  const county = await connect(COUNTY);
  const city = await connect(CITY);
  const otherCity = await connect(OTHER_CITY);
  try {
    const incidentId = uuidv7();
    const arranged = await call(
      'POST',
      `/api/guidance/responses/${incidentId}/arrangements`,
      await as('opinion-admin', COUNTY),
      { orgUnit: COUNTY, drafterRoles: ['spokesperson'], channels: ['宜良县人民政府网'] },
    );
    expect(arranged.status).toBe(201);
    const ours = (c: Connection) =>
      c.received.filter((e) => e.type === 'guidance.ResponsePlanOpened' && e.data.incidentId === incidentId);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (ours(county).length === 0 || ours(city).length === 0))
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ours(county)).toMatchObject([{ orgUnit: COUNTY }]);
    expect(ours(city)).toMatchObject([{ orgUnit: COUNTY }]);

    // The other city's own response, on the county's event's partition: it must arrive, and after nothing of ours.
    const partitionOf = await partitionPicker();
    let marker = uuidv7();
    while (partitionOf(marker) !== partitionOf(incidentId)) marker = uuidv7();
    const markerArranged = await call(
      'POST',
      `/api/guidance/responses/${marker}/arrangements`,
      await as('opinion-admin', OTHER_CITY),
      { orgUnit: OTHER_CITY, drafterRoles: ['spokesperson'], channels: ['曲靖市人民政府网'] },
    );
    expect(markerArranged.status).toBe(201);
    const isMarker = (e: Received) =>
      e.type === 'guidance.ResponsePlanOpened' && e.data.incidentId === marker;
    const markerDeadline = Date.now() + 15_000;
    while (Date.now() < markerDeadline && !otherCity.received.some(isMarker))
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(otherCity.received.filter(isMarker)).toMatchObject([{ orgUnit: OTHER_CITY }]);
    expect(ours(otherCity)).toEqual([]);
    for (const e of otherCity.received) expect(e.orgUnit.startsWith(OTHER_CITY)).toBe(true);
  } finally {
    for (const c of [county, city, otherCity]) c.close();
  }
}, 60_000);
