import { Pool } from 'pg';
import { TokenVerifier } from '@yuqing/auth';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createHttpApp } from '@yuqing/service-kit';
import { schemeInForce } from '@yuqing/review-domain';
import { createLogger } from '@yuqing/telemetry';
import type { MatrixRequest, ServiceHarness } from '@yuqing/testing';
import { reviewConfigSchema } from '../review.config';
import { ReviewModule } from '../review.module';
import { reviewTopics } from '../review.service';
import { findingIdOf } from '../record-facts/fact-recorder';
import { overdueObligation } from './facts';

/** A valid request for each write endpoint, so the access matrix's allowed cells are really served. */
const reason = { reason: '矩阵测试：情况属实' };
const requests: Record<string, (orgUnit: string) => MatrixRequest> = {
  'POST /api/review/findings/:findingId/confirmation': () => ({ body: reason }),
  'POST /api/review/findings/:findingId/dismissal': () => ({ body: reason }),
  'POST /api/review/findings/:findingId/explanations': () => ({ body: { explanation: '矩阵测试：已整改' } }),
  'POST /api/review/findings/:findingId/appeal': () => ({ body: { grounds: '矩阵测试：有新证据' } }),
  'POST /api/review/findings/:findingId/appeal-decision': () => ({ body: { outcome: 'upheld', ...reason } }),
  'POST /api/review/ratings': (orgUnit) => ({ body: { orgUnit, period: '2026-Q4' } }),
  'POST /api/review/ratings/what-if': (orgUnit) => ({
    body: { orgUnit, period: '2026-Q4', scheme: { ...schemeInForce(), version: 'matrix-draft' } },
  }),
  'POST /api/review/notices': (orgUnit) => ({
    body: { orgUnit, period: '2026-Q4', documentNumber: '矩阵〔2026〕1号' },
  }),
};

/** The review service in the platform under test: tokens of the platform's issuer, its own schemas and groups. */
export const harness: ServiceHarness = {
  async start(context) {
    const config = reviewConfigSchema.parse({
      DATABASE_URL: context.base.DATABASE_URL,
      KAFKA_BROKERS: context.base.KAFKA_BROKERS.join(','),
      LOG_LEVEL: context.base.LOG_LEVEL,
      REVIEW_SCHEMA: context.schema,
      CONSUMER_GROUP_PREFIX: context.schema,
      // A new run reads what is published from now on, not every earlier run's events.
      CONSUME_FROM: new Date(Date.now() - 15_000).toISOString(),
      AUTH_ISSUER: context.issuer,
      AUTH_AUDIENCE: context.audience,
    });
    await ensureTopics(
      createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'review-test-setup' }),
      reviewTopics,
    );
    const logger = createLogger({ service: 'review', level: 'silent' });
    const verifier = new TokenVerifier({
      issuer: context.issuer,
      audience: context.audience,
      keys: context.keys,
    });
    const app = await createHttpApp(
      ReviewModule.register({ serviceName: 'review', config, logger, requiredTopics: [] }, config, {
        verifier,
      }),
      logger,
      '1mb',
    );
    await app.listen(0, '127.0.0.1');
    return {
      app,
      url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
      async seedMatrix(orgUnits) {
        // One finding in each unit, found by the detectors in facts delivered as Kafka would.
        const ids: Record<string, string> = {};
        for (const orgUnit of orgUnits) {
          const { obligationId } = await overdueObligation(app, orgUnit);
          ids[orgUnit] = findingIdOf({ kind: 'late-report', subject: `obligation:${obligationId}` });
        }
        return {
          resolved: { finding: ids },
          request: (endpoint, orgUnit) => requests[endpoint]?.(orgUnit),
        };
      },
      async close() {
        await app.close();
        const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
        await pool.query(`drop schema if exists ${context.schema} cascade`);
        await pool.query(`drop schema if exists ${context.schema}_auth cascade`);
        await pool.end();
      },
    };
  },
};
