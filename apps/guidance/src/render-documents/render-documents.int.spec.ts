import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import mammoth from 'mammoth';
import { Pool } from 'pg';
import request from 'supertest';
import { generateSigningKey, TokenSigner, TokenVerifier, type Grant } from '@yuqing/auth';
import { pdfText } from '@yuqing/documents/testing';
import { createHttpApp, serviceContext } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import type { ResponseAnswer } from '../arrange-response/arrange-response.command';
import { DecideWordingCommand } from '../decide-wording/decide-wording.command';
import { DraftWordingCommand, type WordingAnswer } from '../draft-wording/draft-wording.command';
import { guidanceConfigSchema } from '../guidance.config';
import { GuidanceModule } from '../guidance.module';
import { seedResponses, WORDING } from '../testing/seed-responses';
import { GUIDANCE_DOCUMENT_LIMITS } from './guidance-documents';

// The documents as an office downloads them: an incident response run through guidance's commands (a 三级 grade
// and plan, an approved wording, a release approved and published), then its press release and situation
// statement as PDF (read back with pdf-parse) and DOCX (opened with mammoth). Real PostgreSQL; hostile wording.
const schema = uniqueName('guidance_docs');
const issuer = 'https://issuer.test';
const unit = `cn.yn.km.t${schema.slice(-8)}`;
const otherUnit = `cn.yn.km.u${schema.slice(-8)}`;
const HOSTILE = '<script>alert("x")</script><b onmouseover=alert(1)>粗体</b>\u202E反转';
let app: INestApplication;
let signer: TokenSigner;
let incidentId: string;

const binary: Parameters<request.Test['parse']>[0] = (res, callback) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

async function token(role: Grant['role'], orgUnit = unit): Promise<string> {
  return signer.sign({
    subject: `${role}-1`,
    kind: 'user',
    grants: [{ grantId: uniqueName('g'), role, orgUnit }],
    scopes: [],
  });
}

async function download(path: string, orgUnit = unit) {
  return request(app.getHttpServer())
    .get(`/api/guidance/incidents/${path}`)
    .set('authorization', `Bearer ${await token('monitor', orgUnit)}`)
    .buffer(true)
    .parse(binary)
    .then((res) => {
      // Problems come back as JSON: read them as such.
      if (/json/.test(String(res.headers['content-type']))) res.body = JSON.parse(String(res.body));
      return res;
    });
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
  incidentId = (await seedResponses(app, [unit])).resolved[unit] as string;
}, 60_000);

afterAll(async () => {
  await app?.close();
  const pool = new Pool({ connectionString: testServiceConfig().DATABASE_URL, max: 1 });
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('documents of an incident response', () => {
  it('serves the press release of the approved wording as a PDF and a DOCX under its Chinese title', async () => {
    const pdf = await download(`${incidentId}/documents/press-release.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`filename="press-release-${incidentId}.pdf"`);
    const text = await pdfText(pdf.body as Buffer);
    for (const expected of [
      '新闻通稿',
      WORDING.outlet.name,
      WORDING.facts[0].statement,
      '受理诉求',
      WORDING.text,
    ])
      expect(text).toContain(expected);

    const docx = await download(`${incidentId}/documents/press-release.docx`);
    expect(docx.status).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
    expect(value).toContain(WORDING.text);
  });

  it('serves the situation statement: what happened, what was done, the releases made', async () => {
    const pdf = await download(`${incidentId}/documents/situation-statement.pdf`);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.body as Buffer);
    for (const expected of [
      '情况通报',
      '基本情况',
      WORDING.facts[0].statement,
      '处置情况',
      '审批同意发布',
      '对外发布',
      '信息发布情况',
      '留言板回复',
    ])
      expect(text).toContain(expected);
    const docx = await download(`${incidentId}/documents/situation-statement.docx`);
    expect(docx.status).toBe(200);
  });

  it('escapes hostile wording and bounds a very long one', async () => {
    const ctx = serviceContext('docs-test', unit);
    const drafted: WordingAnswer = await app.get(CommandBus).execute(
      new DraftWordingCommand(
        {
          incidentId,
          ...WORDING,
          facts: [{ statement: HOSTILE, source: { kind: 'verification', eventId: 'docs-test' } }],
          figures: [...WORDING.figures],
          text: `${HOSTILE}${'长'.repeat(9_000)}`,
        },
        ctx,
      ),
    );
    await app
      .get(CommandBus)
      .execute<DecideWordingCommand, ResponseAnswer>(
        new DecideWordingCommand(
          { incidentId, wordingId: drafted.wordingId, version: drafted.version, decision: 'approve' },
          ctx,
          { userId: 'docs-test', grants: [{ role: 'spokesperson', orgUnit: unit }] },
        ),
      );
    const docx = await download(
      `${incidentId}/documents/press-release.docx?wordingId=${drafted.wordingId}&version=${drafted.version}`,
    );
    expect(docx.status).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
    // The markup is text on the page, not markup in the document; the bidi override is gone.
    expect(value).toContain('<script>alert("x")</script>');
    expect(value).not.toContain('\u202E');
    const longest = Math.max(...(value.match(/长+/g) ?? []).map((s) => Array.from(s).length));
    expect(longest).toBeLessThan(GUIDANCE_DOCUMENT_LIMITS.wording);
    const pdf = await download(`${incidentId}/documents/press-release.pdf`);
    expect(await pdfText(pdf.body as Buffer)).toContain('<script>alert("x")</script>');
  }, 60_000);

  it('refuses what cannot be a document, and what the caller may not read', async () => {
    expect((await download(`${incidentId}/documents/press-release.pdf?version=99`)).body).toMatchObject({
      status: 422,
      rule: 'guidance.wording-not-approved',
    });
    expect((await download(`${incidentId}/documents/press-release.pdf?format=html`)).status).toBe(400);
    expect((await download(`${incidentId}/documents/situation-statement.pdf`, otherUnit)).status).toBe(403);
    expect(
      (await download('0193a1b2-0000-7000-8000-00000000dead/documents/situation-statement.pdf')).status,
    ).toBe(404);
  });
});
