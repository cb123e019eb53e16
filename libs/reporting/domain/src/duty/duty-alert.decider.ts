import {
  DutyAlertAcknowledged,
  DutyAlertEscalated,
  DutyAlertRaised,
  NotFoundError,
  NotPermittedError,
  optional,
  refuse,
  reportingStreams,
  type EventData,
  type NewEvent,
  type RecordedEvent,
  type ReportKind,
} from '@yuqing/contracts';
import type { DutyRoute } from './duty-roster.decider';
import { durationMs, type DutyPolicy } from './duty-policy';

// One duty alert (值班告警): raised to the monitor(s) on duty, acknowledged by one of them, or escalated to the unit's
// head when the policy's time passes unacknowledged; raised outside any shift, it goes to the head at once. Each
// step is an event; the notifications that carry it (NotificationAttempted …) are events on their own streams.

export type DutyAlertCause = EventData<typeof DutyAlertRaised>['cause'];

export interface DutyAlertState {
  readonly status: 'none' | 'raised' | 'escalated' | 'acknowledged';
  readonly alertId?: string;
  readonly orgUnitId?: string;
  readonly incidentId?: string;
  readonly obligationId?: string;
  readonly monitorUserIds: readonly string[];
  readonly headUserId?: string;
  readonly escalateAt?: string;
  readonly escalated: boolean;
  readonly ruleSetVersion?: string;
}

export const initialDutyAlertState = (): DutyAlertState => ({
  status: 'none',
  monitorUserIds: [],
  escalated: false,
});

export function evolveDutyAlert(state: DutyAlertState, event: RecordedEvent): DutyAlertState {
  switch (event.type) {
    case DutyAlertRaised.type: {
      const e = event.data as EventData<typeof DutyAlertRaised>;
      return {
        ...state,
        status: e.directToHead ? 'escalated' : 'raised',
        alertId: e.alertId,
        orgUnitId: e.orgUnitId,
        incidentId: e.incidentId,
        ...optional('obligationId', e.obligationId),
        monitorUserIds: e.monitorUserIds,
        headUserId: e.headUserId,
        ...optional('escalateAt', e.escalateAt),
        escalated: e.directToHead,
        ruleSetVersion: e.ruleSetVersion,
      };
    }
    case DutyAlertEscalated.type:
      return { ...state, status: 'escalated', escalated: true };
    case DutyAlertAcknowledged.type:
      return { ...state, status: 'acknowledged' };
    default:
      return state;
  }
}

export type DutyAlertCommand =
  | {
      readonly kind: 'raise';
      readonly alertId: string;
      readonly orgUnitId: string;
      readonly incidentId: string;
      readonly obligationId?: string;
      readonly reportKind?: ReportKind;
      readonly cause: DutyAlertCause;
      readonly dueAt?: string;
      readonly route: DutyRoute;
      readonly now: string;
      readonly policy: DutyPolicy;
    }
  | { readonly kind: 'acknowledge'; readonly by: string; readonly now: string }
  | { readonly kind: 'fire-due'; readonly now: string; readonly policy: DutyPolicy };

export function decideDutyAlert(command: DutyAlertCommand, state: DutyAlertState): NewEvent[] {
  switch (command.kind) {
    case 'raise': {
      if (state.status !== 'none') return []; // raised already: the source is acted on once
      const direct = command.route.monitorUserIds.length === 0;
      const escalateAt = direct
        ? undefined
        : new Date(Date.parse(command.now) + durationMs(command.policy.escalateAfter)).toISOString();
      return [
        DutyAlertRaised.create({
          alertId: command.alertId,
          orgUnitId: command.orgUnitId,
          incidentId: command.incidentId,
          ...optional('obligationId', command.obligationId),
          ...optional('kind', command.reportKind),
          cause: command.cause,
          ...optional('dueAt', command.dueAt),
          raisedAt: command.now,
          ...optional('shiftId', command.route.shiftId),
          monitorUserIds: [...command.route.monitorUserIds],
          headUserId: command.route.headUserId,
          directToHead: direct,
          ...optional('escalateAt', escalateAt),
          ruleSetVersion: command.policy.version,
        }),
      ];
    }
    case 'acknowledge': {
      if (state.status === 'none') throw new NotFoundError('duty alert not found');
      if (state.status === 'acknowledged')
        refuse('reporting.duty-alert-already-acknowledged', 'this alert was acknowledged already');
      if (!state.monitorUserIds.includes(command.by) && state.headUserId !== command.by)
        throw new NotPermittedError(
          'reporting.duty-alert-not-yours',
          'an alert is acknowledged by the monitor on duty it went to, or by the head it escalated to',
        );
      return [
        DutyAlertAcknowledged.create({
          alertId: state.alertId!,
          orgUnitId: state.orgUnitId!,
          incidentId: state.incidentId!,
          acknowledgedBy: command.by,
          acknowledgedAt: command.now,
          afterEscalation: state.escalated,
        }),
      ];
    }
    case 'fire-due': {
      if (state.status !== 'raised' || !state.escalateAt) return [];
      if (Date.parse(state.escalateAt) > Date.parse(command.now)) return [];
      return [
        DutyAlertEscalated.create({
          alertId: state.alertId!,
          orgUnitId: state.orgUnitId!,
          incidentId: state.incidentId!,
          ...optional('obligationId', state.obligationId),
          headUserId: state.headUserId!,
          unacknowledgedFor: command.policy.escalateAfter,
          escalatedAt: command.now,
          ruleSetVersion: state.ruleSetVersion ?? command.policy.version,
        }),
      ];
    }
  }
}

export const dutyAlertDecider = {
  initialState: initialDutyAlertState,
  evolve: evolveDutyAlert,
  decide: decideDutyAlert,
};

/** The alert's stream (`reporting-duty-alert-<alertId>`). */
export const dutyAlertStreamId = (alertId: string): string => reportingStreams.dutyAlert.id(alertId);
