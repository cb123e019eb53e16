import { TokenVerifier } from '@yuqing/auth';
import { handleCommand, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import {
  cityOf as cityIn,
  DEFAULT_DUTY_POLICY,
  DEFAULT_REPORTING_POLICY,
  dutyAlertDecider,
  dutyAlertStreamId,
  dutyRosterDecider,
  dutyRosterStreamId,
  transferDecider,
  transferStreamId,
} from '@yuqing/reporting-domain';
import type { MatrixRequest, ServiceHarness } from '@yuqing/testing';
import { IncidentReporting } from '../incidents/incident-reporting';
import { DocumentIssuer } from '../render-documents/document-issuer';
import { grade, startReporting } from './reporting-app';

const cityOf = (unit: string): string => cityIn(unit, DEFAULT_REPORTING_POLICY.orgTree);
const L1 = { level: 'level-1', exceptional: false } as const;
const L2 = { level: 'level-2', exceptional: false } as const;
const service = { kind: 'service' as const, id: 'access-matrix' };
/** 值班: the matrix's callers (`matrix-<role>`) that hold reporting.acknowledge-alert are on duty in every unit. */
const ON_DUTY = ['monitor', 'principal-leader', 'internet-office', 'opinion-admin'].map((r) => `matrix-${r}`);
/** Each unit's seeded bulletin's first document version, for its provenance. */
const bulletinVersions = new Map<string, string>();
/** Each unit's two seeded shifts, for the handover requests. */
const dutyShifts = new Map<string, { from: string; to: string }>();

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
  // Issue 14's loops: a repeated answer, completion or declaration is refused (422), which the matrix accepts.
  'POST /api/reporting/transfers/:transferId/answers': () => ({
    body: { answer: '已办结。', resolution: 'resolved', answeredAt: new Date().toISOString() },
  }),
  'POST /api/reporting/follow-up-tasks/:taskId/completions': () => ({
    body: {
      result: '已办结。',
      evidence: [{ description: '办结材料' }],
      completedAt: new Date().toISOString(),
    },
  }),
  'POST /api/reporting/incidents/:incidentId/handling-completions': () => ({
    body: { completedAt: new Date().toISOString() },
  }),
  // The obligation resolved is a phone flash: a summary of it is refused (422), which the matrix accepts.
  'POST /api/reporting/handling-summaries': () => ({
    body: { howHandled: '已处置。', submittedAt: new Date().toISOString() },
  }),
  // 值班: a handover once acknowledged, or acknowledged again, is refused (422), which the matrix accepts.
  'POST /api/reporting/duty/:orgUnitId/shifts': () => ({
    body: {
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
      monitorUserIds: ['matrix-monitor'],
      headUserId: 'matrix-principal-leader',
    },
  }),
  'POST /api/reporting/duty/:orgUnitId/handovers': (orgUnit) => ({
    body: {
      fromShiftId: dutyShifts.get(orgUnit)?.from ?? 'x',
      toShiftId: dutyShifts.get(orgUnit)?.to ?? 'x',
      openMatters: ['矩阵测试未结事项'],
    },
  }),
  'POST /api/reporting/duty/:orgUnitId/handovers/:toShiftId/acknowledgements': (orgUnit) => ({
    params: { toShiftId: dutyShifts.get(orgUnit)?.to ?? 'x' },
  }),
  'POST /api/reporting/duty-alerts/:alertId/acknowledgements': () => ({}),
  'GET /api/reporting/bulletins/:bulletinId/document-versions/:versionId/provenance': (orgUnit) => ({
    params: { versionId: bulletinVersions.get(orgUnit) ?? 'x' },
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
          transfer: {},
          'follow-up-task': {},
          incident: {},
          'duty-alert': {},
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
          const { version } = await app.get(DocumentIssuer).bulletin(bulletinId, []);
          bulletinVersions.set(unit, version.versionId);
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
        // Issue 14's loops, in each unit: an incident (the 一级 one), a transfer to it, a follow-up task assigned to it.
        const store = app.get(PostgresEventStore);
        for (const unit of orgUnits) {
          const tag = `${unit.replace(/\./g, '-')}-${uuidv7().slice(-8)}`;
          const incidentId = `mx-loops-${tag}`;
          await grade(app, { incidentId, orgUnit: unit, grade: L2, aroseAt: now, gradedAt: now });
          resolved.incident![unit] = incidentId;
          const { state } = await reporting.execute(
            incidentId,
            {
              kind: 'submit-bulletin',
              bulletinId: uuidv7(),
              obligationId: (await reporting.state(incidentId)).obligations[0]!.obligationId,
              title: '矩阵测试《网上舆情》',
              body: '一、基本情况。',
              recipientOrgUnitId: cityOf(unit),
              submittedAt: now.toISOString(),
            },
            meta(unit, incidentId),
          );
          const signed = await reporting.execute(
            incidentId,
            {
              kind: 'sign-off',
              bulletinId: state.bulletins[0]!.bulletinId,
              signerOrgUnits: [cityOf(unit)],
              instructions: '请抓紧处置。',
              signedOffAt: now.toISOString(),
            },
            meta(unit, incidentId),
          );
          resolved['follow-up-task']![unit] = signed.state.tasks[0]!.taskId;
          const transferId = uuidv7();
          await handleCommand(
            store,
            transferStreamId(transferId),
            transferDecider,
            {
              kind: 'receive',
              transferId,
              fromOrgUnitId: unit,
              receivingOrgUnitId: unit,
              transferReference: `MX-${tag}`,
              title: '矩阵测试转办',
              transferredAt: now.toISOString(),
              respondBy: new Date(now.getTime() + 24 * 3_600_000).toISOString(),
              policy: DEFAULT_REPORTING_POLICY,
            },
            { metadata: meta(unit, transferId) },
          );
          resolved.transfer![unit] = transferId;
          // 值班: two shifts with the matrix's callers on duty, a handover between them, and an alert raised.
          const from = `mx-shift-a-${tag}`;
          const to = `mx-shift-b-${tag}`;
          for (const [shiftId, start] of [
            [from, -3_600_000],
            [to, 3_600_000],
          ] as const)
            await handleCommand(
              store,
              dutyRosterStreamId(unit),
              dutyRosterDecider,
              {
                kind: 'schedule',
                orgUnitId: unit,
                shiftId,
                startsAt: new Date(now.getTime() + start).toISOString(),
                endsAt: new Date(now.getTime() + start + 2 * 3_600_000).toISOString(),
                monitorUserIds: ON_DUTY,
                headUserId: 'matrix-principal-leader',
                scheduledBy: 'access-matrix',
                policy: DEFAULT_DUTY_POLICY,
              },
              { metadata: meta(unit, from) },
            );
          await handleCommand(
            store,
            dutyRosterStreamId(unit),
            dutyRosterDecider,
            {
              kind: 'record-handover',
              orgUnitId: unit,
              fromShiftId: from,
              toShiftId: to,
              openMatters: ['矩阵测试未结事项'],
              recordedBy: 'matrix-monitor',
              now: now.toISOString(),
            },
            { metadata: meta(unit, from) },
          );
          dutyShifts.set(unit, { from, to });
          const alertId = uuidv7();
          await handleCommand(
            store,
            dutyAlertStreamId(alertId),
            dutyAlertDecider,
            {
              kind: 'raise',
              alertId,
              orgUnitId: unit,
              incidentId,
              cause: 'obligation-opened',
              route: { shiftId: from, monitorUserIds: ON_DUTY, headUserId: 'matrix-principal-leader' },
              now: now.toISOString(),
              policy: DEFAULT_DUTY_POLICY,
            },
            { metadata: meta(unit, incidentId) },
          );
          resolved['duty-alert']![unit] = alertId;
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
