import { REPORT_KINDS, type ReportKind } from '@yuqing/contracts';
import { dataOf, ofType, type Fact } from '../facts';
import { cst, draft, minutesBetween, type Detector, type FindingDraft } from './detector';

// 迟报: a report, an answer to a transfer (转办回告) or a follow-up task (督办) that came after its deadline, or whose
// deadline passed without it. One finding per obligation, transfer or task: the first of the two to be recorded.

const REPORT_EVENTS = [
  'reporting.FlashReportSent',
  'reporting.BulletinSubmitted',
  'reporting.HandlingResultReported',
];

function kindName(kind: unknown): string {
  return REPORT_KINDS[kind as ReportKind]?.zh.replace(/ \(.*\)$/, '') ?? String(kind);
}

interface Obligation {
  obligationId: string;
  incidentId: string;
  kind: string;
  dueAt: string;
}

export const lateReportDetector: Detector = {
  name: 'late-report@1',
  triggers: [
    'reporting.ReportingObligationFulfilled',
    'reporting.ReportOverdue',
    'reporting.TransferAnswered',
    'reporting.TransferResponseOverdue',
    'reporting.FollowUpTaskCompleted',
    'reporting.FollowUpTaskOverdue',
  ],
  detect(facts) {
    const drafts = new Map<string, FindingDraft>();
    const add = (subject: string, make: () => FindingDraft) => {
      if (!drafts.has(subject)) drafts.set(subject, make());
    };
    const opened = (obligationId: string) =>
      facts.find(
        (f) =>
          (f.type === 'reporting.ReportingObligationOpened' ||
            f.type === 'reporting.ReportingObligationTakenOver') &&
          dataOf<Obligation>(f).obligationId === obligationId,
      );
    for (const fact of facts) {
      switch (fact.type) {
        case 'reporting.ReportingObligationFulfilled': {
          const d = dataOf<Obligation & { onTime: boolean; reportId: string; fulfilledAt: string }>(fact);
          if (d.onTime) break;
          const report = ofType(facts, ...REPORT_EVENTS).find(
            (f) =>
              dataOf<{ reportId?: string; bulletinId?: string }>(f).reportId === d.reportId ||
              dataOf<{ bulletinId?: string }>(f).bulletinId === d.reportId,
          );
          add(`obligation:${d.obligationId}`, () =>
            draft(facts, {
              kind: 'late-report',
              detector: this.name,
              subject: `obligation:${d.obligationId}`,
              incidentId: d.incidentId,
              responsibleOrgUnitId: report?.orgUnit ?? fact.orgUnit,
              responsiblePersonId: report?.actorId ?? fact.actorId,
              occurredAt: d.fulfilledAt,
              summary: `${kindName(d.kind)}迟报 ${minutesBetween(d.dueAt, d.fulfilledAt)} 分钟（时限 ${cst(d.dueAt)}，送达 ${cst(d.fulfilledAt)}）。`,
              evidence: [opened(d.obligationId), report, fact],
            }),
          );
          break;
        }
        case 'reporting.ReportOverdue': {
          const d = dataOf<Obligation>(fact);
          add(`obligation:${d.obligationId}`, () =>
            draft(facts, {
              kind: 'late-report',
              detector: this.name,
              subject: `obligation:${d.obligationId}`,
              incidentId: d.incidentId,
              responsibleOrgUnitId: fact.orgUnit,
              occurredAt: d.dueAt,
              summary: `${kindName(d.kind)}超过时限（${cst(d.dueAt)}）未报送。`,
              evidence: [opened(d.obligationId), fact],
            }),
          );
          break;
        }
        case 'reporting.TransferAnswered':
        case 'reporting.TransferResponseOverdue': {
          const d = dataOf<{
            transferId: string;
            receivingOrgUnitId: string;
            dueAt: string;
            onTime?: boolean;
            answeredAt?: string;
          }>(fact);
          if (d.onTime !== false && fact.type === 'reporting.TransferAnswered') break;
          const owed = facts.find(
            (f) =>
              f.type === 'reporting.TransferResponseOwed' &&
              dataOf<{ transferId: string }>(f).transferId === d.transferId,
          );
          add(`transfer:${d.transferId}`, () =>
            draft(facts, {
              kind: 'late-report',
              detector: this.name,
              subject: `transfer:${d.transferId}`,
              responsibleOrgUnitId: d.receivingOrgUnitId,
              responsiblePersonId: d.answeredAt ? fact.actorId : undefined,
              occurredAt: d.answeredAt ?? d.dueAt,
              summary: d.answeredAt
                ? `转办回告超期 ${minutesBetween(d.dueAt, d.answeredAt)} 分钟（时限 ${cst(d.dueAt)}）。`
                : `转办事项超过办理时限（${cst(d.dueAt)}）未回告。`,
              evidence: [owed, fact],
            }),
          );
          break;
        }
        case 'reporting.FollowUpTaskCompleted':
        case 'reporting.FollowUpTaskOverdue': {
          const d = dataOf<{
            taskId: string;
            incidentId: string;
            assigneeOrgUnitId: string;
            dueAt?: string;
            onTime?: boolean;
            completedAt?: string;
          }>(fact);
          if (fact.type === 'reporting.FollowUpTaskCompleted' && d.onTime !== false) break;
          const task = facts.find(
            (f) =>
              f.type === 'reporting.FollowUpTaskOpened' && dataOf<{ taskId: string }>(f).taskId === d.taskId,
          );
          const due = d.dueAt ?? d.completedAt ?? fact.time;
          add(`task:${d.taskId}`, () =>
            draft(facts, {
              kind: 'late-report',
              detector: this.name,
              subject: `task:${d.taskId}`,
              incidentId: d.incidentId,
              responsibleOrgUnitId: d.assigneeOrgUnitId,
              responsiblePersonId: d.completedAt ? fact.actorId : undefined,
              occurredAt: d.completedAt ?? due,
              summary: d.completedAt
                ? `督办事项超期办结（时限 ${cst(due)}，办结 ${cst(d.completedAt)}）。`
                : `督办事项超过时限（${cst(due)}）未办结。`,
              evidence: [task, fact],
            }),
          );
          break;
        }
        default:
          break;
      }
    }
    return [...drafts.values()];
  },
};

export type { Fact };
