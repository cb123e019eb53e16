import { Module, type INestApplication } from '@nestjs/common';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { ItemCaptured, platformTopics, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { createKafka, ensureTopics, headersToStrings, RefusedEventError, toMessage } from '@yuqing/messaging';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { createHttpApp } from '../bootstrap';
import { EventSourcingModule } from '../event-sourcing/event-sourcing.module';
import { ServiceKitModule } from '../service-kit.module';
import { PG_POOL } from '../tokens';
import { ConsumerHost } from './consumer-host';
import { InboxHandler, type InboxEvent } from './inbox-handler';
import type { InboxTransaction } from './inbox-transaction';

// The consumer base: an event's org unit is the payload's `tenant`, stamped by the relay; a message whose header
// says otherwise, or whose payload breaks its contract, goes to the dead-letter topic at once, with no inbox row
// and no handler call. The handler's writes commit with the inbox row (D5), or not at all.
const schema = uniqueName('inboxhandler');
const unit = 'cn.yn.km.yl';
const called: string[] = [];

@InboxHandler({ purpose: 'captures', events: [ItemCaptured] })
class CapturesHandler {
  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    called.push(event.eventId);
    const data = event.data as { itemId: string; title: string };
    await tx.append(
      `test-seen-${data.itemId}`,
      [{ type: 'test.ItemSeen', data: { title: data.title, orgUnit: event.orgUnit } }],
      { expectedVersion: 'no_stream', metadata: tx.metadataFor(event) },
    );
    if (data.title.startsWith('poison')) throw new Error(`cannot apply ${data.title}`);
    if (data.title.startsWith('refused')) throw new RefusedEventError(`refused ${data.title}`);
  }
}

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: 'inboxtest',
      config: testServiceConfig({
        CONSUMER_GROUP_PREFIX: schema,
        CONSUME_FROM: new Date(Date.now() - 5_000).toISOString(),
        CONSUMER_MAX_ATTEMPTS: '2',
        CONSUMER_RETRY_DELAY_MS: '20',
      }),
      logger: createLogger({ service: 'inboxtest', level: 'silent' }),
      requiredTopics: [],
    }),
    EventSourcingModule.forRoot({ schema, source: '/yuqing/inboxtest', relay: false }),
  ],
  providers: [CapturesHandler],
})
class InboxTestModule {}

let app: INestApplication;
let kafka: Kafka;
let producer: Producer;
let dlqReader: Consumer;
const parked: Record<string, string>[] = [];
/** What this test's group parked of an event. */
const parkedOf = (event: RecordedEvent) =>
  parked.find((h) => h.ce_id === event.eventId && h.dlq_group === `${schema}.captures`);

function captured(title: string, data: Record<string, unknown> = {}): RecordedEvent {
  const itemId = uuidv7();
  return {
    eventId: uuidv7(),
    type: ItemCaptured.type,
    schemaVersion: 1,
    streamId: `ingestion-item-${itemId}`,
    streamPosition: 1,
    globalPosition: '1',
    transactionId: '1',
    data: {
      itemId,
      url: `https://bbs.example.cn/thread/${itemId}`,
      platform: 'forum',
      reachTier: 'city-site',
      outlet: '昆明论坛',
      title,
      text: `${title}。`,
      captureMethod: 'manual',
      capturedAt: new Date().toISOString(),
      contentHash: '0'.repeat(64),
      canonicalUrl: `https://bbs.example.cn/thread/${itemId}`,
      fingerprint: '0123456789abcdef',
      matchedRules: [],
      matchedTerms: [],
      sentiment: { polarity: 'negative', score: -0.5, decidingWords: [] },
      ...data,
    },
    metadata: { orgUnit: unit, actor: { kind: 'service', id: 'ingestion' }, correlationId: uuidv7() },
    recordedAt: new Date(),
  };
}

/** Publishes as ingestion's relay does, with headers overridden where a test tampers with them. */
async function publish(event: RecordedEvent, headers: Record<string, string> = {}): Promise<void> {
  const message = toMessage(event, '/yuqing/ingestion');
  await producer.send({
    topic: ItemCaptured.topic,
    acks: -1,
    messages: [{ ...message, headers: { ...message.headers, ...headers } }],
  });
}

async function inboxRows(eventId: string): Promise<number> {
  const { rows } = await app
    .get<Pool>(PG_POOL)
    .query(`select 1 from ${schema}.inbox where event_id = $1`, [eventId]);
  return rows.length;
}

async function seen(event: RecordedEvent): Promise<RecordedEvent[]> {
  return app.get(PostgresEventStore).readStream(`test-seen-${(event.data as { itemId: string }).itemId}`);
}

beforeAll(async () => {
  kafka = createKafka({ brokers: testServiceConfig().KAFKA_BROKERS, clientId: 'inbox-handler-test' });
  await ensureTopics(kafka, platformTopics());
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  dlqReader = kafka.consumer({ groupId: uniqueName('inbox-handler-dlq'), maxWaitTimeInMs: 100 });
  await dlqReader.connect();
  await dlqReader.subscribe({ topics: [`${ItemCaptured.topic}.dlq`], fromBeginning: false });
  await dlqReader.run({
    eachMessage: async ({ message }) => void parked.push(headersToStrings(message.headers)),
  });
  app = await createHttpApp(
    { module: InboxTestModule },
    createLogger({ service: 'inboxtest', level: 'silent' }),
  );
  await app.init();
}, 60_000);

afterAll(async () => {
  await dlqReader?.disconnect();
  await producer?.disconnect();
  await app?.get<Pool>(PG_POOL).query(`drop schema if exists ${schema} cascade`);
  await app?.close();
});

it('stamps the org unit into the published value as tenant, without touching the payload', () => {
  const event = captured('盖章');
  const { value, headers } = toMessage(event, '/yuqing/ingestion');
  expect(JSON.parse(value)).toEqual({ tenant: unit, ...(event.data as object) });
  expect(headers.tenant).toBe(unit);
});

it('dead-letters a message whose tenant header disagrees with its payload, and applies the good one behind it', async () => {
  const tampered = captured('篡改了租户头');
  const good = captured('后面的好消息');
  await publish(tampered, { tenant: 'cn.yn.qj' });
  await publish(good);

  await waitFor('the good message', async () => (await seen(good)).length === 1);
  await waitFor('the tampered message on the DLQ', async () => parkedOf(tampered) !== undefined);
  expect(parkedOf(tampered)).toMatchObject({
    dlq_error: `OrgUnitMismatchError: tenant header 'cn.yn.qj' disagrees with the payload's tenant '${unit}'`,
    dlq_attempts: '1',
    dlq_group: `${schema}.captures`,
    tenant: 'cn.yn.qj',
  });
  expect(called).not.toContain(tampered.eventId);
  expect(await inboxRows(tampered.eventId)).toBe(0);
  expect(await seen(tampered)).toEqual([]);
  // The good one: its org unit is the payload's, and the service answered it.
  const [answer] = await seen(good);
  expect(answer!.metadata).toMatchObject({
    orgUnit: unit,
    actor: { kind: 'service', id: 'inboxtest' },
    correlationId: good.metadata.correlationId,
    causationId: good.eventId,
  });
  expect(await inboxRows(good.eventId)).toBe(1);
});

it('dead-letters a payload that breaks its contract with the contract’s message', async () => {
  const broken = captured('缺了链接', { url: undefined, reachTier: 'galaxy' });
  await publish(broken);
  await waitFor('the broken message on the DLQ', async () => parkedOf(broken) !== undefined);
  const headers = parkedOf(broken)!;
  expect(headers.dlq_error).toMatch(
    /^ContractViolationError: ingestion\.ItemCaptured v1 \(published\): invalid data: /,
  );
  expect(headers.dlq_error).toContain('url: ');
  expect(headers.dlq_error).toContain('reachTier: ');
  expect(headers.dlq_attempts).toBe('1');
  expect(called).not.toContain(broken.eventId);
  expect(await inboxRows(broken.eventId)).toBe(0);
});

it('rolls the handler’s appends back with the inbox row when it fails, then dead-letters the message', async () => {
  const poison = captured('poison: 处理时出错');
  await publish(poison);
  await waitFor('the poison on the DLQ', async () => parkedOf(poison) !== undefined);
  expect(parkedOf(poison)).toMatchObject({
    dlq_error: 'Error: cannot apply poison: 处理时出错',
    dlq_attempts: '2',
  });
  expect(called.filter((id) => id === poison.eventId)).toHaveLength(2);
  expect(await seen(poison)).toEqual([]);
  expect(await inboxRows(poison.eventId)).toBe(0);
});

it('delivers without Kafka on the same path: once, then as a duplicate', async () => {
  const event = captured('直接投递');
  const host = app.get(ConsumerHost);
  expect(host.groupOf(CapturesHandler)).toBe(`${schema}.captures`);
  const inbox: InboxEvent = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: 1,
    streamId: event.streamId,
    streamPosition: 1,
    time: event.recordedAt,
    source: '/yuqing/ingestion',
    orgUnit: unit,
    metadata: event.metadata,
    data: event.data,
  };
  expect(await host.deliver(CapturesHandler, inbox)).toBe(true);
  expect(await host.deliver(CapturesHandler, inbox)).toBe(false);
  expect(await seen(event)).toHaveLength(1);
  await expect(
    host.deliver(CapturesHandler, {
      ...inbox,
      eventId: uuidv7(),
      data: { ...(inbox.data as object), url: 7 },
    }),
  ).rejects.toThrow(/ingestion\.ItemCaptured v1 \(published\): invalid data: url: /);
});

// Issue 19, "consumers trust what they should not": the org unit is the payload's, never the unsigned header's.
it('never applies an event to the unit its tenant header names when the payload names another', async () => {
  const other = 'cn.yn.qj';
  const moved = captured('头说是曲靖');
  await publish(moved, { tenant: other });
  await waitFor('the message on the DLQ', async () => parkedOf(moved) !== undefined);
  expect(called).not.toContain(moved.eventId);
  expect(await seen(moved)).toEqual([]);
});

it('dead-letters an event whose source is not its context’s (a forged producer), changing nothing', async () => {
  const forged = captured('冒充采集服务');
  await publish(forged, { ce_source: '/yuqing/grading' });
  const good = captured('冒充之后的好消息');
  await publish(good);
  await waitFor('the good message', async () => (await seen(good)).length === 1);
  await waitFor('the forged message on the DLQ', async () => parkedOf(forged) !== undefined);
  expect(parkedOf(forged)).toMatchObject({
    dlq_error: "UntrustedProducerError: ingestion.ItemCaptured from '/yuqing/grading', not /yuqing/ingestion",
    dlq_attempts: '1',
  });
  expect(called).not.toContain(forged.eventId);
  expect(await inboxRows(forged.eventId)).toBe(0);
  expect(await seen(forged)).toEqual([]);
});

it('dead-letters an event whose id is not a UUID (a newline in it would inject SSE frames), changing nothing', async () => {
  const injected = captured('注入事件号');
  const id = `${injected.eventId}\n\nevent: identity.RoleGranted`;
  await publish(injected, { ce_id: id });
  await waitFor('the message on the DLQ', async () =>
    parked.some((h) => h.ce_id === id && h.dlq_group === `${schema}.captures`),
  );
  const headers = parked.find((h) => h.ce_id === id && h.dlq_group === `${schema}.captures`)!;
  expect(headers.dlq_error).toBe('malformed event message: header ce_id: not a UUID');
  expect(headers.dlq_attempts).toBe('1');
  expect(await seen(injected)).toEqual([]);
});

it('dead-letters an event its handler refuses at once, without retries, its writes rolled back', async () => {
  const refused = captured('refused: 事件号对应另一单位');
  await publish(refused);
  await waitFor('the refused message on the DLQ', async () => parkedOf(refused) !== undefined);
  expect(parkedOf(refused)).toMatchObject({
    dlq_error: 'RefusedEventError: refused refused: 事件号对应另一单位',
    dlq_attempts: '1',
  });
  expect(called.filter((id) => id === refused.eventId)).toHaveLength(1);
  expect(await seen(refused)).toEqual([]);
  expect(await inboxRows(refused.eventId)).toBe(0);
});
