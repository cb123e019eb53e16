import { Pool } from 'pg';
import { TokenVerifier } from '@yuqing/auth';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHttpApp, serviceContext, type CommandContext } from '@yuqing/service-kit';
import { quarterOf, schemeInForce } from '@yuqing/review-domain';
import { createLogger } from '@yuqing/telemetry';
import { testConsumeFrom, type MatrixRequest, type ServiceHarness } from '@yuqing/testing';
import { reviewConfigSchema } from '../review.config';
import { ReviewModule } from '../review.module';
import { reviewTopics } from '../review.service';
import { ConfirmFindingCommand } from '../confirm-finding/confirm-finding.command';
import { DismissFindingCommand } from '../dismiss-finding/dismiss-finding.command';
import { IssueNoticeCommand } from '../issue-notice/issue-notice.command';
import { findingIdOf } from '../record-facts/fact-recorder';
import { overdueObligation } from './facts';

/** The quarter the matrix's findings fall in (their deadlines passed a minute before the seed). */
const QUARTER = quarterOf(new Date(Date.now() - 60_000));

/** A 迟报 finding in `orgUnit`, found in facts delivered as Kafka would. */
async function matrixFinding(app: INestApplication, orgUnit: string): Promise<string> {
  const { obligationId } = await overdueObligation(app, orgUnit);
  return findingIdOf({ kind: 'late-report', subject: `obligation:${obligationId}` });
}

/** The reviewers of the whole tree (第二十九条: a unit above the department rules). */
function reviewers(orgUnit: string): CommandContext {
  return { ...serviceContext('matrix-seed', orgUnit), scope: ['cn'] };
}

/** A valid request for each write endpoint, so the access matrix's allowed cells are really served. */
const reason = { reason: '矩阵测试：情况属实' };
const requests: Record<string, (orgUnit: string) => MatrixRequest> = {
  'POST /api/review/findings/:findingId/confirmation': () => ({ body: reason }),
  'POST /api/review/findings/:findingId/dismissal': () => ({ body: reason }),
  'POST /api/review/findings/:findingId/explanations': () => ({ body: { explanation: '矩阵测试：已整改' } }),
  'POST /api/review/findings/:findingId/appeal': () => ({ body: { grounds: '矩阵测试：有新证据' } }),
  'POST /api/review/findings/:findingId/appeal-decision': () => ({ body: { outcome: 'upheld', ...reason } }),
  'POST /api/review/ratings': (orgUnit) => ({ body: { orgUnit, period: QUARTER } }),
  'POST /api/review/ratings/what-if': (orgUnit) => ({
    body: { orgUnit, period: QUARTER, scheme: { ...schemeInForce(), version: 'matrix-draft' } },
  }),
  'POST /api/review/notices': (orgUnit) => ({
    body: { orgUnit, period: QUARTER, documentNumber: '矩阵〔2026〕1号' },
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
      // The test file's own topics: from their first event (testConsumeFrom says why).
      CONSUME_FROM: testConsumeFrom(),
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
        // In each unit, findings found by the detectors in facts delivered as Kafka would: one dismissed (the
        // rulings' and answers' fixture: its state refuses them alike, 422, whoever is let through the door), one
        // confirmed; and the unit's 通报 of the quarter announcing it.
        const commands = app.get(CommandBus);
        const findings: Record<string, string> = {};
        const notices: Record<string, string> = {};
        for (const orgUnit of orgUnits) {
          const dismissed = await matrixFinding(app, orgUnit);
          await commands.execute(
            new DismissFindingCommand(
              { findingId: dismissed, reason: '矩阵测试：不予认定' },
              reviewers(orgUnit),
            ),
          );
          findings[orgUnit] = dismissed;
          const confirmed = await matrixFinding(app, orgUnit);
          await commands.execute(
            new ConfirmFindingCommand(
              { findingId: confirmed, reason: '矩阵测试：情况属实' },
              reviewers(orgUnit),
            ),
          );
          const issued = await commands.execute(
            new IssueNoticeCommand(
              { orgUnit, period: QUARTER, documentNumber: '矩阵〔2026〕1号' },
              reviewers(orgUnit),
            ),
          );
          notices[orgUnit] = issued.noticeId;
        }
        return {
          resolved: { finding: findings, notice: notices },
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
