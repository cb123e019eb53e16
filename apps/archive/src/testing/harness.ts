import { Pool } from 'pg';
import { TokenVerifier } from '@yuqing/auth';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testConsumeFrom, type MatrixRequest, type ServiceHarness } from '@yuqing/testing';
import { archiveConfigSchema } from '../archive.config';
import { ArchiveModule } from '../archive.module';
import { archiveTopics } from '../archive.service';
import { detectedCase } from './cases';

/** A valid request for each write endpoint, so the access matrix's allowed cells are really served. */
const requests: Record<string, (orgUnit: string) => MatrixRequest> = {
  'POST /api/archive/cases/:caseId/closures': () => ({ body: { category: '矩阵测试' } }),
  'POST /api/archive/cases/:caseId/reopenings': () => ({ body: { reason: '矩阵测试：有新情况' } }),
};

/** The archive service in the platform under test: tokens of the platform's issuer, its own schemas and groups. */
export const harness: ServiceHarness = {
  async start(context) {
    const config = archiveConfigSchema.parse({
      DATABASE_URL: context.base.DATABASE_URL,
      KAFKA_BROKERS: context.base.KAFKA_BROKERS.join(','),
      LOG_LEVEL: context.base.LOG_LEVEL,
      ARCHIVE_SCHEMA: context.schema,
      CONSUMER_GROUP_PREFIX: context.schema,
      // The test file's own topics: from their first event (testConsumeFrom says why).
      CONSUME_FROM: testConsumeFrom(),
      AUTH_ISSUER: context.issuer,
      AUTH_AUDIENCE: context.audience,
    });
    await ensureTopics(
      createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'archive-test-setup' }),
      archiveTopics,
    );
    const logger = createLogger({ service: 'archive', level: 'silent' });
    const verifier = new TokenVerifier({
      issuer: context.issuer,
      audience: context.audience,
      keys: context.keys,
    });
    const app = await createHttpApp(
      ArchiveModule.register({ serviceName: 'archive', config, logger, requiredTopics: [] }, config, {
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
        // One open case in each unit, opened by its incident's detection as the inbox handler would.
        const ids: Record<string, string> = {};
        for (const orgUnit of orgUnits) ids[orgUnit] = await detectedCase(app, orgUnit, '矩阵测试');
        return {
          resolved: { case: ids },
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
