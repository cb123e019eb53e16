import {
  Body,
  Controller,
  DynamicModule,
  Get,
  Inject,
  Module,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import request from 'supertest';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { createHttpApp } from './bootstrap';
import { migrate } from '@yuqing/event-store';
import { ServiceKitModule } from './service-kit.module';
import { KAFKA, PG_POOL } from './tokens';

// The first app pattern, end to end against the real servers: a Nest app built on the service kit writes to
// and reads from PostgreSQL, produces to Kafka, and is not ready until its topic exists.
const schema = uniqueName('smoke');
const topic = `yuqing.smoke.${uniqueName('t')}`;

@Controller('notes')
class NotesController {
  private producer: Producer | undefined;
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  @Post()
  async create(@Body() body: { text: string }): Promise<{ id: string }> {
    const { rows } = await this.pool.query<{ id: string }>(
      `insert into ${schema}.notes (text) values ($1) returning id::text`,
      [body.text],
    );
    const id = rows[0]!.id;
    this.producer ??= this.kafka.producer();
    await this.producer.connect();
    await this.producer.send({
      topic,
      messages: [{ key: id, value: JSON.stringify({ id, text: body.text }) }],
    });
    return { id };
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<{ id: string; text: string }> {
    const { rows } = await this.pool.query<{ text: string }>(
      `select text from ${schema}.notes where id = $1`,
      [id],
    );
    if (!rows[0]) throw new NotFoundException(`note ${id} not found`);
    return { id, text: rows[0].text };
  }

  async onModuleDestroy(): Promise<void> {
    await this.producer?.disconnect();
  }
}

@Module({})
class SmokeModule {
  static register(): DynamicModule {
    const config = testServiceConfig();
    const logger = createLogger({ service: 'smoke', level: 'silent' });
    return {
      module: SmokeModule,
      imports: [ServiceKitModule.forRoot({ serviceName: 'smoke', config, logger, requiredTopics: [topic] })],
      controllers: [NotesController],
    };
  }
}

describe('a service built on the kit, against real PostgreSQL and Kafka', () => {
  let app: INestApplication;
  let kafka: Kafka;

  beforeAll(async () => {
    const config = testServiceConfig();
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'smoke-test' });
    app = await createHttpApp(SmokeModule.register(), createLogger({ service: 'smoke', level: 'silent' }));
    await app.init();
    await migrate(app.get<Pool>(PG_POOL), schema, [
      { id: '0001-notes', sql: 'create table notes (id bigserial primary key, text text not null)' },
    ]);
  });

  afterAll(async () => {
    await app.get<Pool>(PG_POOL).query(`drop schema if exists ${schema} cascade`);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await app.close();
  });

  it('answers liveness at once', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'up' });
  });

  it('is not ready while its topic is missing, and becomes ready once it exists', async () => {
    const before = await request(app.getHttpServer()).get('/health/ready');
    expect(before.status).toBe(503);
    expect(before.body).toEqual({
      status: 'not-ready',
      checks: { postgres: { status: 'up' }, kafka: { status: 'down', reason: `missing topics: ${topic}` } },
    });

    // ensureTopics waits until the broker's metadata has the topic (kafkajs's own wait fails on a busy KRaft broker).
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);

    const after = await request(app.getHttpServer()).get('/health/ready');
    expect(after.status).toBe(200);
    expect(after.body).toEqual({
      status: 'ready',
      checks: { postgres: { status: 'up' }, kafka: { status: 'up' } },
    });
  });

  it('writes and reads PostgreSQL, and what it produces is consumed from Kafka', async () => {
    const consumer = kafka.consumer({ groupId: uniqueName('smoke-group'), sessionTimeout: 10000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<{ key: string; value: unknown }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve({ key: String(message.key), value: JSON.parse(String(message.value)) }),
      });
    });

    const text = '某县网信办:关于“河道污染”网帖的核实情况';
    const created = await request(app.getHttpServer()).post('/notes').send({ text }).expect(201);
    const id = created.body.id as string;

    await request(app.getHttpServer()).get(`/notes/${id}`).expect(200, { id, text });
    await expect(received).resolves.toEqual({ key: id, value: { id, text } });
    await consumer.disconnect();
  });

  it('serves its OpenAPI document at /openapi.json, generated from its routes, with bearer auth declared', async () => {
    const response = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(response.body).toMatchObject({
      openapi: '3.0.3',
      info: { title: 'yuqing smoke', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    });
    expect(Object.keys(response.body.paths as object).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
      '/notes',
      '/notes/{id}',
    ]);
    expect(response.body.paths['/notes/{id}'].get).toMatchObject({
      operationId: 'Notes_read',
      parameters: [{ name: 'id', in: 'path', required: true }],
    });
  });

  it('answers an unknown note with problem details, not a stack trace', async () => {
    const response = await request(app.getHttpServer()).get('/notes/999999999').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual({
      type: 'https://yuqing.invalid/problems/404',
      title: 'Not Found',
      status: 404,
      detail: 'note 999999999 not found',
      instance: '/notes/999999999',
    });
  });

  it('answers a method a path does not take with 405 and Allow, and a path it does not have with 404', async () => {
    const wrong = await request(app.getHttpServer()).delete('/notes/7').expect(405);
    expect(wrong.headers['allow']).toBe('GET, HEAD');
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.body).toMatchObject({ status: 405, title: 'Method Not Allowed', instance: '/notes/7' });
    expect((await request(app.getHttpServer()).put('/notes').expect(405)).headers['allow']).toBe('POST');
    const missing = await request(app.getHttpServer()).get('/nothing/here').expect(404);
    expect(missing.headers['allow']).toBeUndefined();
  });

  it('states every problem each operation may answer, as problem details', async () => {
    const { body } = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    const problems = (op: { responses: Record<string, unknown> }) =>
      Object.keys(op.responses).filter((status) => status >= '400');
    // A public read may be refused as invalid or not found; a public write (a sign-in) also for wrong
    // credentials, as conflicting, too large, against a rule, or too frequent.
    expect(problems(body.paths['/notes/{id}'].get)).toEqual(['400', '404']);
    expect(problems(body.paths['/notes'].post)).toEqual(['400', '401', '404', '409', '413', '422', '429']);
    expect(body.paths['/notes'].post.responses['422'].content).toEqual(problem);
    expect(body.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status'] });
  });
});
