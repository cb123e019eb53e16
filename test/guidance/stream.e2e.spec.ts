import { uuidv7 } from '@yuqing/event-store';
import { gatewayClient, startPlatform, type RunningPlatform } from '@yuqing/testing';

// The live stream carries guidance's events: the county office arranges an incident's response through the gateway
// (guidance appends ResponsePlanOpened, its relay publishes it on yuqing.guidance.events.v1), and GET /api/stream
// delivers it to a user of the county and of its city, never to a user of another city.

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
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ours(otherCity)).toEqual([]);
    for (const e of otherCity.received) expect(e.orgUnit.startsWith(OTHER_CITY)).toBe(true);
  } finally {
    for (const c of [county, city, otherCity]) c.close();
  }
}, 60_000);
