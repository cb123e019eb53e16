import { TokenVerifier } from '@yuqing/auth';
import { uuidv7 } from '@yuqing/event-store';
import { cityOf as cityIn, DEFAULT_REPORTING_POLICY } from '@yuqing/reporting-domain';
import type { MatrixRequest, ServiceHarness } from '@yuqing/testing';
import { IncidentReporting } from '../incidents/incident-reporting';
import { grade, startReporting } from './reporting-app';

const cityOf = (unit: string): string => cityIn(unit, DEFAULT_REPORTING_POLICY.orgTree);
const L1 = { level: 'level-1', exceptional: false } as const;
const L2 = { level: 'level-2', exceptional: false } as const;
const service = { kind: 'service' as const, id: 'access-matrix' };

/**
 * A valid request for each write endpoint. The reads (lists, digests, and the documents: GET
 * /bulletins/:bulletinId/document.pdf|.docx, /obligations/:obligationId/flash-report[.pdf]) need none: the documents
 * are of the bulletin and the phone-flash obligation seeded below in each unit. The matrix puts the resolved id where the permission reads it; a
 * repeated call is refused by the domain (422: met already, signed off already), which the matrix accepts.
 */
const requests: Record<string, (orgUnit: string) => MatrixRequest> = {
  'POST /api/reporting/flash-reports': (orgUnit) => ({
    body: {
      method: 'phone',
      recipientOrgUnitId: cityOf(orgUnit),
      sentAt: new Date().toISOString(),
      summary: '矩阵测试快报。',
    },
  }),
  'POST /api/reporting/bulletins': (orgUnit) => ({
    body: {
      title: '矩阵测试《网上舆情》',
      body: '一、基本情况。',
      recipientOrgUnitId: cityOf(orgUnit),
      submittedAt: new Date().toISOString(),
    },
  }),
  'POST /api/reporting/handling-results': () => ({
    body: {
      result: '已办结。',
      resolution: 'resolved',
      publicReplyUrl: 'https://bbs.matrix.example.cn/t/1',
      reportedAt: new Date().toISOString(),
    },
  }),
  // Forwarded to where it already is: refused (422) every time, so the report stays with the unit of the cell.
  'POST /api/reporting/forwards': (orgUnit) => ({
    body: { toOrgUnitId: orgUnit, route: 'higher-level', forwardedAt: new Date().toISOString() },
  }),
  'POST /api/reporting/receipts': () => ({ body: { acknowledgedAt: new Date().toISOString() } }),
  'POST /api/reporting/bulletins/:bulletinId/sign-offs': () => ({
    body: { instructions: '请抓紧处置并回应网民关切。', signedOffAt: new Date().toISOString() },
  }),
};

/** The reporting service in the platform under test: the platform's tokens, its own schemas, a clock tests move. */
export const harness: ServiceHarness = {
  async start(context) {
    const started = await startReporting({
      env: {
        DATABASE_URL: context.base.DATABASE_URL,
        KAFKA_BROKERS: context.base.KAFKA_BROKERS.join(','),
        LOG_LEVEL: context.base.LOG_LEVEL,
        REPORTING_SCHEMA: context.schema,
        AUTH_ISSUER: context.issuer,
        AUTH_AUDIENCE: context.audience,
      },
      verifier: new TokenVerifier({ issuer: context.issuer, audience: context.audience, keys: context.keys }),
    });
    const { app } = started;
    return {
      app,
      url: started.url,
      async seedMatrix(orgUnits) {
        const reporting = app.get(IncidentReporting);
        const now = started.clock.now();
        const resolved: Record<string, Record<string, string>> = {
          obligation: {},
          bulletin: {},
          'bulletin-recipient': {},
          report: {},
          'report-holder': {},
          'report-receipt': {},
        };
        const meta = (orgUnit: string, incidentId: string) => ({
          orgUnit,
          actor: service,
          correlationId: incidentId,
        });
        for (const unit of orgUnits) {
          const tag = `${unit.replace(/\./g, '-')}-${uuidv7().slice(-8)}`;
          // A 一级 incident of the unit: its phone flash obligation.
          const flashIncident = `mx-flash-${tag}`;
          await grade(app, {
            incidentId: flashIncident,
            orgUnit: unit,
            grade: L1,
            aroseAt: now,
            gradedAt: now,
          });
          const flash = await reporting.state(flashIncident);
          resolved.obligation![unit] = flash.obligations.find((o) => o.kind === 'phone-flash')!.obligationId;
          // A 二级 incident of the unit with its bulletin submitted to the city.
          const bulletinIncident = `mx-bulletin-${tag}`;
          await grade(app, {
            incidentId: bulletinIncident,
            orgUnit: unit,
            grade: L2,
            aroseAt: now,
            gradedAt: now,
          });
          const bulletinId = uuidv7();
          const { state } = await reporting.execute(
            bulletinIncident,
            {
              kind: 'submit-bulletin',
              bulletinId,
              obligationId: (await reporting.state(bulletinIncident)).obligations[0]!.obligationId,
              title: '矩阵测试《网上舆情》',
              body: '一、基本情况。',
              recipientOrgUnitId: cityOf(unit),
              submittedAt: now.toISOString(),
            },
            meta(unit, bulletinIncident),
          );
          resolved.bulletin![unit] = state.bulletins[0]!.bulletinId;
          resolved.report![unit] = bulletinId;
          // Reports of an incident one level below the unit, sent up to it: held by it, awaiting its receipt.
          for (const resolver of ['report-holder', 'report-receipt'] as const) {
            const below = `${unit}.mx`;
            const incidentId = `mx-${resolver}-${tag}`;
            await grade(app, { incidentId, orgUnit: below, grade: L1, aroseAt: now, gradedAt: now });
            const reportId = uuidv7();
            await reporting.execute(
              incidentId,
              {
                kind: 'send-flash',
                reportId,
                obligationId: (await reporting.state(incidentId)).obligations[0]!.obligationId,
                method: 'phone',
                recipientOrgUnitId: unit,
                sentAt: now.toISOString(),
                summary: '矩阵测试快报。',
              },
              meta(below, incidentId),
            );
            resolved[resolver]![unit] = reportId;
          }
        }
        for (const unit of orgUnits) {
          // 签批 is the receiving level's (第十七条): a bulletin of an incident one level below, submitted to the unit.
          const below = `${unit}.mx`;
          const incidentId = `mx-bulletin-recipient-${unit.replace(/\./g, '-')}-${uuidv7().slice(-8)}`;
          await grade(app, { incidentId, orgUnit: below, grade: L2, aroseAt: now, gradedAt: now });
          const { state } = await reporting.execute(
            incidentId,
            {
              kind: 'submit-bulletin',
              bulletinId: uuidv7(),
              obligationId: (await reporting.state(incidentId)).obligations[0]!.obligationId,
              title: '矩阵测试《网上舆情》',
              body: '一、基本情况。',
              recipientOrgUnitId: unit,
              submittedAt: now.toISOString(),
            },
            meta(below, incidentId),
          );
          resolved['bulletin-recipient']![unit] = state.bulletins[0]!.bulletinId;
        }
        return {
          resolved,
          request: (endpoint, orgUnit) => requests[endpoint]?.(orgUnit),
        };
      },
      close: () => started.close(),
    };
  },
};
