import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { ProjectionRunner } from '@yuqing/event-store';
import { createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { guidanceConfigSchema } from './guidance.config';
import { GuidanceModule } from './guidance.module';

// Guidance as its users call it: real PostgreSQL and Kafka, real tokens. Generated with the service; keep it
// green while the sample response gives way to the context's own use cases.
const schema = uniqueName('guidance');
const issuer = 'https://issuer.test';
const unit = `cn.yn.km.t${schema.slice(-8)}`;
let app: INestApplication;
let signer: TokenSigner;

async function token(role: Grant['role'], orgUnit = unit): Promise<string> {
  return signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  role: Grant['role'] = 'opinion-admin',
) {
  return request(app.getHttpServer())
    .post(`/api/guidance/responses${path}`)
    .set('authorization', `Bearer ${await token(role)}`)
    .set(headers)
    .send(body as object);
}

async function get(path: string, role: Grant['role'] = 'monitor') {
  return request(app.getHttpServer())
    .get(`/api/guidance/responses${path}`)
    .set('authorization', `Bearer ${await token(role)}`);
}

beforeAll(async () => {
  const key = await generateSigningKey();
  signer = new TokenSigner({ key, issuer, audience: 'yuqing' });
  const base = testServiceConfig();
  const config = guidanceConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    GUIDANCE_SCHEMA: schema,
    CONSUMER_GROUP_PREFIX: schema,
    CONSUME_FROM: new Date().toISOString(),
    AUTH_ISSUER: issuer,
  });
  const logger = createLogger({ service: 'guidance', level: 'silent' });
  const verifier = new TokenVerifier({
    issuer,
    audience: 'yuqing',
    keys: { jwks: { keys: [key.publicJwk] } },
  });
  app = await createHttpApp(
    GuidanceModule.register({ serviceName: 'guidance', config, logger, requiredTopics: [] }, config, {
      verifier,
    }),
    logger,
    '1mb',
  );
  await app.init();
}, 60_000);

afterAll(async () => {
  // The app first: its relay and consumers stop before their tables go.
  await app?.close();
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('responses', () => {
  it('opens one, lists it in scope, closes it once under the policy, and keeps its history', async () => {
    const opened = await post('', { orgUnit: unit, title: '宜良县某路段塌陷' });
    expect(opened.status).toBe(201);
    const { responseId } = opened.body as { responseId: string };
    expect(opened.body).toEqual({ responseId, version: 1 });

    const listed = await get('');
    expect(listed.status).toBe(200);
    expect(listed.body.responses).toEqual([
      expect.objectContaining({ responseId, orgUnit: unit, status: 'open' }),
    ]);

    expect((await post(`/${responseId}/closures`, { reason: '短' })).body).toMatchObject({
      status: 422,
      rule: 'guidance.close-reason-too-short',
    });
    const closed = await post(`/${responseId}/closures`, { reason: '已处置完毕。' }, { 'if-match': '1' });
    expect(closed.body).toEqual({ responseId, version: 2 });
    expect((await post(`/${responseId}/closures`, { reason: '再次关闭。' })).body).toMatchObject({
      status: 422,
      rule: 'guidance.response-closed',
    });

    expect((await get(`/${responseId}`)).body).toMatchObject({
      status: 'closed',
      closeReason: '已处置完毕。',
    });
    const history = await get(`/${responseId}/history`, 'auditor');
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'guidance.ResponseOpened',
      'guidance.ResponseClosed',
    ]);
  });

  it('answers a retry with the first answer, and refuses what the caller may not do or did not say', async () => {
    const body = { orgUnit: unit, title: '重复提交' };
    const first = await post('', body, { 'idempotency-key': 'open-1' });
    const again = await post('', body, { 'idempotency-key': 'open-1' });
    expect(again.body).toEqual(first.body);
    expect((await post('', { ...body, title: '另一内容' }, { 'idempotency-key': 'open-1' })).status).toBe(
      422,
    );

    expect((await post('', { orgUnit: 'cn.yn.qj', title: '外市' })).status).toBe(403);
    expect((await post('', body, {}, 'monitor')).status).toBe(403);
    expect((await post('', { orgUnit: unit })).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'title' })],
    });
  });

  it('keeps its read models equal to a rebuild from the events', async () => {
    const report = await app.get(ProjectionRunner).verify();
    expect({ verified: report.verified, differences: report.differences }).toEqual({
      verified: ['guidance.responses'],
      differences: [],
    });
  });
});
