import { Pool } from 'pg';
import { TokenVerifier } from '@yuqing/auth';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { AdjustableClock, testConsumeFrom, type ServiceHarness } from '@yuqing/testing';
import { guidanceConfigSchema } from '../guidance.config';
import { GuidanceModule } from '../guidance.module';
import { guidanceTopics } from '../guidance.service';
import { seedAccounts } from './seed-accounts';
import { seedRequests } from './seed-requests';
import { seedResponses } from './seed-responses';

/** The guidance service in the platform under test: tokens of the platform's issuer, its own schemas and groups. */
export const harness: ServiceHarness = {
  async start(context) {
    const config = guidanceConfigSchema.parse({
      DATABASE_URL: context.base.DATABASE_URL,
      KAFKA_BROKERS: context.base.KAFKA_BROKERS.join(','),
      LOG_LEVEL: context.base.LOG_LEVEL,
      GUIDANCE_SCHEMA: context.schema,
      CONSUMER_GROUP_PREFIX: context.schema,
      // The test file's own topics: from their first event (testConsumeFrom says why).
      CONSUME_FROM: testConsumeFrom(),
      AUTH_ISSUER: context.issuer,
      AUTH_AUDIENCE: context.audience,
    });
    await ensureTopics(
      createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'guidance-test-setup' }),
      guidanceTopics,
    );
    const logger = createLogger({ service: 'guidance', level: 'silent' });
    const verifier = new TokenVerifier({
      issuer: context.issuer,
      audience: context.audience,
      keys: context.keys,
    });
    const app = await createHttpApp(
      GuidanceModule.register({ serviceName: 'guidance', config, logger, requiredTopics: [] }, config, {
        verifier,
        // A clock tests move, so that guidance's deadlines (tasks, requests, first responses) come round.
        clock: new AdjustableClock(),
      }),
      logger,
      '1mb',
    );
    await app.listen(0, '127.0.0.1');
    return {
      app,
      url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
      async seedMatrix(orgUnits) {
        // One incident response in each unit (grade, plan, approved wording, a release published).
        const responses = await seedResponses(app, orgUnits);
        // And written requests, online guidance and a guidance task addressed to each unit.
        const requests = await seedRequests(app, orgUnits);
        // And an official account registered in each unit.
        const accounts = await seedAccounts(app, orgUnits);
        return {
          resolved: { response: responses.resolved, ...requests.resolved, ...accounts.resolved },
          request: (endpoint, orgUnit) =>
            responses.request(endpoint, orgUnit) ??
            requests.request(endpoint, orgUnit) ??
            accounts.request(endpoint, orgUnit),
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
