import { Pool } from 'pg';
import { TokenVerifier } from '@yuqing/auth';
import { platformTopics, type Grade } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { DEFAULT_GRADING_RULES } from '@yuqing/grading-domain';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { ConsumerHost, createHttpApp } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { testConsumeFrom, type MatrixRequest, type ServiceHarness } from '@yuqing/testing';
import { gradingConfigSchema } from '../grading.config';
import { GradingModule } from '../grading.module';
import { FactsHandler } from '../propose-grade/facts.handler';
import { loadIncident } from '../incidents/incident-stream';
import { incidentFormed } from './facts';

const hour = 3_600_000;

/** A valid request for each write endpoint, so the access matrix's allowed cells are really served. */
function requests(proposals: Record<string, { proposalId: string; grade: Grade }>) {
  const table: Record<string, (orgUnit: string) => MatrixRequest> = {
    'POST /api/grading/incidents/:incidentId/grade-confirmations': (orgUnit) => ({
      body: proposals[orgUnit]!,
    }),
    'POST /api/grading/incidents/:incidentId/grade-overrides': (orgUnit) => ({
      body: {
        proposalId: proposals[orgUnit]!.proposalId,
        grade: { level: 'level-2', exceptional: false },
        reason: '矩阵测试：市级协调',
      },
    }),
    'POST /api/grading/incidents/:incidentId/escalations': () => ({
      body: {
        to: { level: 'level-1', exceptional: false },
        trigger: 'authority-decision',
        reason: '矩阵测试',
        causes: [],
      },
    }),
    'POST /api/grading/incidents/:incidentId/downgrades': () => ({
      body: { to: { level: 'level-3', exceptional: false }, reason: '矩阵测试', causes: [] },
    }),
    'POST /api/grading/incidents/:incidentId/categorisations': () => ({
      body: { categories: ['livelihood'] },
    }),
    'POST /api/grading/incidents/:incidentId/genuineness-judgements': () => ({
      body: { verdict: 'genuine', basis: '矩阵测试：经核实属实。', evidence: [] },
    }),
    'POST /api/grading/incidents/:incidentId/assessments': () => ({
      body: {
        participantOrgUnitIds: ['cn.yn.km.lg'],
        scheduledFor: new Date(Date.now() + hour).toISOString(),
      },
    }),
    'POST /api/grading/incidents/:incidentId/assessments/:assessmentId/conclusions': () => ({
      params: { assessmentId: 'matrix-assessment' },
      body: { nature: '民生诉求', trend: 'steady', risks: ['聚集'], conclusion: '由部门处置。' },
    }),
    'POST /api/grading/incidents/:incidentId/handling-plans': () => ({
      body: {
        summary: '矩阵测试方案',
        measures: [{ description: '当日回复', responsibleOrgUnitId: 'cn.yn.km.yl' }],
        releaseApprover: 'department-supervising-leader',
      },
    }),
    'POST /api/grading/incidents/:incidentId/special-teams': () => ({
      body: { name: '矩阵测试专班', leaderUserId: 'u-1', memberUserIds: [], memberOrgUnitIds: [] },
    }),
    'POST /api/grading/incidents/:incidentId/emergency-plan-activations': () => ({
      body: { emergencyPlanId: 'plan-1', emergencyPlanVersion: '2026.1', reason: '矩阵测试' },
    }),
    'POST /api/grading/what-if': () => ({
      body: {
        ruleSet: DEFAULT_GRADING_RULES,
        period: {
          from: new Date(Date.now() - hour).toISOString(),
          to: new Date(Date.now() + hour).toISOString(),
        },
      },
    }),
    'GET /api/grading/rule-sets/:version': () => ({ params: { version: DEFAULT_GRADING_RULES.version } }),
  };
  return table;
}

/** The grading service in the platform under test: tokens of the platform's issuer, its own schemas and groups. */
export const harness: ServiceHarness = {
  async start(context) {
    const config = gradingConfigSchema.parse({
      DATABASE_URL: context.base.DATABASE_URL,
      KAFKA_BROKERS: context.base.KAFKA_BROKERS.join(','),
      LOG_LEVEL: context.base.LOG_LEVEL,
      GRADING_SCHEMA: context.schema,
      CONSUMER_GROUP_PREFIX: context.schema,
      // The test file's own topics: from their first event (testConsumeFrom says why).
      CONSUME_FROM: testConsumeFrom(),
      AUTH_ISSUER: context.issuer,
      AUTH_AUDIENCE: context.audience,
    });
    await ensureTopics(
      createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'grading-test-setup' }),
      platformTopics().filter((t) => /^yuqing\.(grading|ingestion|reporting|identity)\./.test(t.topic)),
    );
    const logger = createLogger({ service: 'grading', level: 'silent' });
    const app = await createHttpApp(
      GradingModule.register({ serviceName: 'grading', config, logger, requiredTopics: [] }, config, {
        verifier: new TokenVerifier({
          issuer: context.issuer,
          audience: context.audience,
          keys: context.keys,
        }),
      }),
      logger,
      '1mb',
    );
    await app.listen(0, '127.0.0.1');
    return {
      app,
      url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
      async seedMatrix(orgUnits) {
        // One incident in each unit, formed from a city-forum complaint: a 三级 proposal awaits confirmation.
        const consumer = app.get(ConsumerHost);
        const store = app.get(PostgresEventStore);
        const incidents: Record<string, string> = {};
        const proposals: Record<string, { proposalId: string; grade: Grade }> = {};
        for (const orgUnit of orgUnits) {
          const incidentId = uuidv7();
          for (const event of incidentFormed(orgUnit, incidentId, {
            itemId: uuidv7(),
            reachTier: 'city-site',
            outlet: '矩阵测试论坛',
          })) {
            await consumer.deliver(FactsHandler, event);
          }
          const { state } = await loadIncident(store, incidentId);
          if (!state.openProposal) throw new Error(`seeding ${orgUnit} made no proposal`);
          incidents[orgUnit] = incidentId;
          proposals[orgUnit] = { proposalId: state.openProposal.proposalId, grade: state.openProposal.grade };
        }
        const table = requests(proposals);
        return {
          resolved: { incident: incidents },
          request: (endpoint, orgUnit) => table[endpoint]?.(orgUnit),
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
