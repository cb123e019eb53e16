import {
  BulletinLeftUnsigned,
  BulletinSignedOff,
  BulletinSubmitted,
  DirectHandlingAssigned,
  FlashReportSent,
  FollowUpTaskOpened,
  HandlingResultReported,
  ReportForwarded,
  ReportingObligationCancelled,
  ReportingObligationCarriedOver,
  ReportingObligationConfirmed,
  ReportingObligationFulfilled,
  ReportingObligationOpened,
  ReportingObligationReopened,
  ReportingObligationTakenOver,
  ReportOverdue,
  ReportReceiptAcknowledged,
  ReportReminderDue,
  type EventData,
  type Grade,
  type RecordedEvent,
  type ReportKind,
} from '@yuqing/contracts';

// The reporting state of one incident (stream `reporting-incident-<id>`): its obligations and their clocks, the
// reports made and how far up the tree each has gone, bulletins and their sign-off, follow-up tasks, and whether
// the incident is being monitored after an unsigned bulletin. Folded from the stream's own events only. When a
// monitor merges another incident into this one (合并), obligations come over (ReportingObligationTakenOver) or go
// (ReportingObligationCarriedOver), each with the reports and bulletins made for it.

export type OpenReason = EventData<typeof ReportingObligationOpened>['reason'];
export type ForwardRoute = EventData<typeof ReportForwarded>['route'];
export type ClockBasis = EventData<typeof ReportingObligationOpened>['clockBasis'];
export type CancelReason = EventData<typeof ReportingObligationCancelled>['reason'];

export interface Obligation {
  readonly obligationId: string;
  readonly kind: ReportKind;
  readonly grade?: Grade;
  readonly reason: OpenReason;
  readonly recipientOrgUnitId: string;
  readonly clockBasis: ClockBasis;
  readonly clockStartedAt: string;
  readonly dueAt: string;
  readonly reminderLeadMinutes: readonly number[];
  readonly ruleSetVersion: string;
  readonly sourceItemId?: string;
  /** `carried-over`: this incident was merged into another, which took the obligation over (`carriedOverTo`). */
  readonly status: 'open' | 'fulfilled' | 'cancelled' | 'carried-over';
  /** A ReportOverdue was recorded (it stays recorded when the report comes late). */
  readonly overdue: boolean;
  /** Reminder leads already given (a nearer reminder covers the farther ones). */
  readonly remindedLeads: readonly number[];
  readonly fulfilledBy?: string;
  readonly fulfilledAt?: string;
  readonly onTime?: boolean;
  /** The event that put it in this stream: its opening, or its taking over from a merged incident. */
  readonly openedEventId: string;
  /** The incident merged into this one that it came from (合并). */
  readonly carriedOverFrom?: string;
  /** The incident this one was merged into, which took it over (合并). */
  readonly carriedOverTo?: string;
  /** Opened on a 一级 proposal and not yet made firm by a grade in force (第十三条). */
  readonly provisional?: boolean;
  /** Why it was withdrawn, and the event of another context that withdrew it (a grading decision, a judgement). */
  readonly cancelledReason?: CancelReason;
  readonly cancelledBy?: string;
}

/** One step of a report up the tree: the first send, then each forward; each awaits a receipt (签收). */
export interface Hop {
  readonly fromOrgUnitId: string;
  readonly toOrgUnitId: string;
  readonly route: ForwardRoute;
  readonly at: string;
  readonly acknowledgedAt?: string;
}

export interface Report {
  readonly reportId: string;
  readonly kind: 'flash' | 'bulletin' | 'handling-result' | 'board-item';
  readonly obligationId?: string;
  readonly hops: readonly Hop[];
}

export interface Bulletin {
  readonly bulletinId: string;
  readonly obligationId: string;
  readonly title: string;
  readonly recipientOrgUnitId: string;
  readonly signOffWaitUntil: string;
  readonly status: 'awaiting-sign-off' | 'signed-off' | 'left-unsigned';
  readonly submittedEventId: string;
}

export interface FollowUpTask {
  readonly taskId: string;
  readonly bulletinId?: string;
  readonly description: string;
  readonly assigneeOrgUnitId: string;
  readonly supervisorOrgUnitId: string;
  readonly dueAt?: string;
}

/** 持续监测: a bulletin was left unsigned; a rise from `baselineHeat` re-opens reporting. */
export interface Monitoring {
  readonly bulletinId: string;
  readonly since: string;
  readonly baselineHeat?: number;
}

export interface ReportingState {
  readonly incidentId?: string;
  /** The incident's org unit (from the stream's metadata): where reports start. */
  readonly orgUnit?: string;
  readonly grade?: Grade;
  /** Events of other contexts (grades, items) already acted on, so a redelivery opens nothing twice. */
  readonly causesActedOn: readonly string[];
  readonly obligations: readonly Obligation[];
  readonly reports: readonly Report[];
  readonly bulletins: readonly Bulletin[];
  readonly tasks: readonly FollowUpTask[];
  readonly monitoring?: Monitoring;
}

export const initialReportingState = (): ReportingState => ({
  causesActedOn: [],
  obligations: [],
  reports: [],
  bulletins: [],
  tasks: [],
});

export function evolveReporting(state: ReportingState, event: RecordedEvent): ReportingState {
  const base: ReportingState = {
    ...state,
    ...(state.orgUnit ? {} : { orgUnit: event.metadata.orgUnit }),
  };
  const next = apply(base, event);
  const causation = event.metadata.causationId;
  // An obligation names the event of another context it answered (a grade, a proposal, a board item): acted on.
  const answers =
    event.type === ReportingObligationOpened.type || event.type === ReportingObligationConfirmed.type;
  if (answers && causation && !next.causesActedOn.includes(causation)) {
    return { ...next, causesActedOn: [...next.causesActedOn, causation] };
  }
  return next;
}

/** What an obligation owes and by when, as its opening (or its taking over after a merge) states it. */
function termsOf(
  e: EventData<typeof ReportingObligationOpened> | EventData<typeof ReportingObligationTakenOver>,
  reason: OpenReason,
): Pick<
  Obligation,
  | 'obligationId'
  | 'kind'
  | 'grade'
  | 'reason'
  | 'recipientOrgUnitId'
  | 'clockBasis'
  | 'clockStartedAt'
  | 'dueAt'
  | 'reminderLeadMinutes'
  | 'ruleSetVersion'
  | 'sourceItemId'
> {
  return {
    obligationId: e.obligationId,
    kind: e.kind,
    ...(e.grade ? { grade: e.grade } : {}),
    reason,
    recipientOrgUnitId: e.recipientOrgUnitId,
    clockBasis: e.clockBasis,
    clockStartedAt: e.clockStartedAt,
    dueAt: e.dueAt,
    reminderLeadMinutes: e.reminderLeadMinutes,
    ruleSetVersion: e.ruleSetVersion,
    ...(e.sourceItemId ? { sourceItemId: e.sourceItemId } : {}),
  };
}

function apply(state: ReportingState, event: RecordedEvent): ReportingState {
  switch (event.type) {
    case ReportingObligationOpened.type: {
      const e = event.data as EventData<typeof ReportingObligationOpened>;
      const obligation: Obligation = {
        ...termsOf(e, e.reason),
        status: 'open',
        overdue: false,
        remindedLeads: [],
        openedEventId: event.eventId,
        ...(e.provisional ? { provisional: true } : {}),
      };
      // A board item is itself the report to route on (留言板 → 督办室).
      const reports = e.sourceItemId
        ? [
            ...state.reports,
            { reportId: e.sourceItemId, kind: 'board-item' as const, obligationId: e.obligationId, hops: [] },
          ]
        : state.reports;
      const next: ReportingState = {
        ...state,
        incidentId: e.incidentId,
        obligations: [...state.obligations, obligation],
        reports,
      };
      if (e.reason === 'leader-board-item') return next;
      // Reporting opened for a grade or a rise ends the monitoring of an unsigned bulletin. A proposal puts no grade
      // in force: the first grade in force still runs its clocks from when the opinion arose.
      const { monitoring: _ended, ...rest } = next;
      return { ...rest, ...(e.grade && !e.provisional ? { grade: e.grade } : {}) };
    }
    case ReportingObligationConfirmed.type: {
      const e = event.data as EventData<typeof ReportingObligationConfirmed>;
      const confirmed = updateObligation(state, e.obligationId, (o) => {
        const { provisional: _firm, ...rest } = o;
        return { ...rest, grade: e.grade };
      });
      return { ...confirmed, grade: e.grade };
    }
    case ReportingObligationReopened.type: {
      const e = event.data as EventData<typeof ReportingObligationReopened>;
      // Owed again on its original clock; what happened before (reminders, overdue) stays as recorded.
      return updateObligation(state, e.obligationId, (o) => {
        const { cancelledReason: _r, cancelledBy: _b, ...rest } = o;
        return { ...rest, status: 'open' };
      });
    }
    case ReportingObligationFulfilled.type: {
      const e = event.data as EventData<typeof ReportingObligationFulfilled>;
      return updateObligation(state, e.obligationId, (o) => ({
        ...o,
        status: 'fulfilled',
        fulfilledBy: e.reportId,
        fulfilledAt: e.fulfilledAt,
        onTime: e.onTime,
      }));
    }
    case ReportingObligationCancelled.type: {
      const e = event.data as EventData<typeof ReportingObligationCancelled>;
      const cancelled = updateObligation(state, e.obligationId, (o) => ({
        ...o,
        status: 'cancelled',
        cancelledReason: e.reason,
        ...(e.causeEventId ? { cancelledBy: e.causeEventId } : {}),
      }));
      // Withdrawn for a change of grade: that grade is now in force. Withdrawn for a merge: the grade stays.
      return e.reason === 'grade-changed' && e.grade ? { ...cancelled, grade: e.grade } : cancelled;
    }
    case ReportingObligationCarriedOver.type: {
      const e = event.data as EventData<typeof ReportingObligationCarriedOver>;
      return updateObligation(state, e.obligationId, (o) => ({
        ...o,
        status: 'carried-over',
        carriedOverTo: e.toIncidentId,
      }));
    }
    case ReportingObligationTakenOver.type: {
      const e = event.data as EventData<typeof ReportingObligationTakenOver>;
      const obligation: Obligation = {
        ...termsOf(e, e.openedFor),
        status: e.fulfilment ? 'fulfilled' : 'open',
        overdue: e.overdue,
        remindedLeads: e.remindedLeadMinutes,
        ...(e.fulfilment
          ? {
              fulfilledBy: e.fulfilment.reportId,
              fulfilledAt: e.fulfilment.fulfilledAt,
              onTime: e.fulfilment.onTime,
            }
          : {}),
        openedEventId: event.eventId,
        carriedOverFrom: e.fromIncidentId,
      };
      const reports = e.reports
        .filter((r) => !state.reports.some((x) => x.reportId === r.reportId))
        .map((r): Report => ({
          reportId: r.reportId,
          kind: r.kind,
          obligationId: e.obligationId,
          hops: r.hops,
        }));
      const bulletins = e.bulletins
        .filter((b) => !state.bulletins.some((x) => x.bulletinId === b.bulletinId))
        .map((b): Bulletin => ({ ...b, obligationId: e.obligationId }));
      return {
        ...state,
        incidentId: state.incidentId ?? e.incidentId,
        obligations: [...state.obligations.filter((o) => o.obligationId !== e.obligationId), obligation],
        reports: [...state.reports, ...reports],
        bulletins: [...state.bulletins, ...bulletins],
      };
    }
    case ReportReminderDue.type: {
      const e = event.data as EventData<typeof ReportReminderDue>;
      return updateObligation(state, e.obligationId, (o) => ({
        ...o,
        // A nearer reminder stands for the farther ones it overtook.
        remindedLeads: o.reminderLeadMinutes.filter(
          (lead) => lead >= e.leadMinutes || o.remindedLeads.includes(lead),
        ),
      }));
    }
    case ReportOverdue.type: {
      const e = event.data as EventData<typeof ReportOverdue>;
      return updateObligation(state, e.obligationId, (o) => ({ ...o, overdue: true }));
    }
    case FlashReportSent.type: {
      const e = event.data as EventData<typeof FlashReportSent>;
      return addReport(state, e.reportId, 'flash', e.obligationId, e.recipientOrgUnitId, e.sentAt);
    }
    case BulletinSubmitted.type: {
      const e = event.data as EventData<typeof BulletinSubmitted>;
      const bulletin: Bulletin = {
        bulletinId: e.bulletinId,
        obligationId: e.obligationId,
        title: e.title,
        recipientOrgUnitId: e.recipientOrgUnitId,
        signOffWaitUntil: e.signOffWaitUntil,
        status: 'awaiting-sign-off',
        submittedEventId: event.eventId,
      };
      const sentAt = event.recordedAt.toISOString();
      return {
        ...addReport(state, e.bulletinId, 'bulletin', e.obligationId, e.recipientOrgUnitId, sentAt),
        bulletins: [...state.bulletins, bulletin],
      };
    }
    case BulletinSignedOff.type: {
      const e = event.data as EventData<typeof BulletinSignedOff>;
      const signed = updateBulletin(state, e.bulletinId, (b) => ({ ...b, status: 'signed-off' }));
      // A late sign-off still answers the bulletin: monitoring it ends.
      if (state.monitoring?.bulletinId !== e.bulletinId) return signed;
      const { monitoring: _ended, ...rest } = signed;
      return rest;
    }
    case BulletinLeftUnsigned.type: {
      const e = event.data as EventData<typeof BulletinLeftUnsigned>;
      return {
        ...updateBulletin(state, e.bulletinId, (b) => ({ ...b, status: 'left-unsigned' })),
        monitoring: {
          bulletinId: e.bulletinId,
          since: e.waitedUntil,
          ...(e.heatIndex !== undefined ? { baselineHeat: e.heatIndex } : {}),
        },
      };
    }
    case FollowUpTaskOpened.type: {
      const e = event.data as EventData<typeof FollowUpTaskOpened>;
      const task: FollowUpTask = {
        taskId: e.taskId,
        ...(e.bulletinId ? { bulletinId: e.bulletinId } : {}),
        description: e.description,
        assigneeOrgUnitId: e.assigneeOrgUnitId,
        supervisorOrgUnitId: e.supervisorOrgUnitId,
        ...(e.dueAt ? { dueAt: e.dueAt } : {}),
      };
      return { ...state, tasks: [...state.tasks, task] };
    }
    case DirectHandlingAssigned.type:
      return state;
    case HandlingResultReported.type: {
      const e = event.data as EventData<typeof HandlingResultReported>;
      const o = state.obligations.find((x) => x.obligationId === e.obligationId);
      return addReport(
        state,
        e.reportId,
        'handling-result',
        e.obligationId,
        o?.recipientOrgUnitId ?? state.orgUnit ?? '',
        event.recordedAt.toISOString(),
      );
    }
    case ReportForwarded.type: {
      const e = event.data as EventData<typeof ReportForwarded>;
      return updateReport(state, e.reportId, (r) => ({
        ...r,
        hops: [
          ...r.hops,
          {
            fromOrgUnitId: e.fromOrgUnitId,
            toOrgUnitId: e.toOrgUnitId,
            route: e.route,
            at: event.recordedAt.toISOString(),
          },
        ],
      }));
    }
    case ReportReceiptAcknowledged.type: {
      const e = event.data as EventData<typeof ReportReceiptAcknowledged>;
      return updateReport(state, e.reportId, (r) => {
        const index = r.hops.findIndex((h) => h.toOrgUnitId === e.recipientOrgUnitId && !h.acknowledgedAt);
        if (index < 0) return r;
        const hops = r.hops.map((h, i) => (i === index ? { ...h, acknowledgedAt: e.acknowledgedAt } : h));
        return { ...r, hops };
      });
    }
    default:
      return state;
  }
}

function addReport(
  state: ReportingState,
  reportId: string,
  kind: Report['kind'],
  obligationId: string,
  to: string,
  at: string,
): ReportingState {
  const from = state.orgUnit ?? to;
  const report: Report = {
    reportId,
    kind,
    obligationId,
    hops: [{ fromOrgUnitId: from, toOrgUnitId: to, route: 'higher-level', at }],
  };
  return { ...state, reports: [...state.reports, report] };
}

function updateObligation(
  state: ReportingState,
  obligationId: string,
  change: (o: Obligation) => Obligation,
): ReportingState {
  return {
    ...state,
    obligations: state.obligations.map((o) => (o.obligationId === obligationId ? change(o) : o)),
  };
}

function updateBulletin(
  state: ReportingState,
  bulletinId: string,
  change: (b: Bulletin) => Bulletin,
): ReportingState {
  return { ...state, bulletins: state.bulletins.map((b) => (b.bulletinId === bulletinId ? change(b) : b)) };
}

function updateReport(
  state: ReportingState,
  reportId: string,
  change: (r: Report) => Report,
): ReportingState {
  return { ...state, reports: state.reports.map((r) => (r.reportId === reportId ? change(r) : r)) };
}

/** Where a report is now: the last unit it was sent or forwarded to. */
export function holderOf(report: Report): string | undefined {
  return report.hops[report.hops.length - 1]?.toOrgUnitId;
}
