import {
  AlreadyExistsError,
  DutyHandoverAcknowledged,
  DutyHandoverRecorded,
  DutyShiftScheduled,
  NotFoundError,
  NotPermittedError,
  optional,
  refuse,
  reportingStreams,
  type EventData,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { type DutyPolicy } from './duty-policy';

// A unit's duty roster (值班表, 篇一二(一)): its shifts, who is on duty when, the head an unacknowledged alert goes to,
// and the handovers between shifts (交接班). One stream per unit (`reporting-duty-roster-<orgUnit>`).

const HOUR = 3_600_000;

export interface Shift {
  readonly shiftId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly monitorUserIds: readonly string[];
  readonly headUserId: string;
}

export interface Handover {
  readonly fromShiftId: string;
  readonly toShiftId: string;
  readonly recordedBy: string;
  readonly acknowledgedBy?: string;
}

export interface DutyRosterState {
  readonly orgUnitId?: string;
  readonly shifts: readonly Shift[];
  /** The head named by the latest scheduled shift: who hears an alert raised outside any shift. */
  readonly headUserId?: string;
  readonly handovers: readonly Handover[];
}

export const initialDutyRosterState = (): DutyRosterState => ({ shifts: [], handovers: [] });

export function evolveDutyRoster(state: DutyRosterState, event: RecordedEvent): DutyRosterState {
  switch (event.type) {
    case DutyShiftScheduled.type: {
      const e = event.data as EventData<typeof DutyShiftScheduled>;
      const shift: Shift = {
        shiftId: e.shiftId,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        monitorUserIds: e.monitorUserIds,
        headUserId: e.headUserId,
      };
      return { ...state, orgUnitId: e.orgUnitId, shifts: [...state.shifts, shift], headUserId: e.headUserId };
    }
    case DutyHandoverRecorded.type: {
      const e = event.data as EventData<typeof DutyHandoverRecorded>;
      const rest = state.handovers.filter((h) => h.toShiftId !== e.toShiftId);
      return {
        ...state,
        handovers: [
          ...rest,
          { fromShiftId: e.fromShiftId, toShiftId: e.toShiftId, recordedBy: e.recordedBy },
        ],
      };
    }
    case DutyHandoverAcknowledged.type: {
      const e = event.data as EventData<typeof DutyHandoverAcknowledged>;
      return {
        ...state,
        handovers: state.handovers.map((h) =>
          h.toShiftId === e.toShiftId ? { ...h, acknowledgedBy: e.acknowledgedBy } : h,
        ),
      };
    }
    default:
      return state;
  }
}

/** Where an alert raised at `at` goes: the monitors of the shifts covering it, else the unit's head directly. */
export interface DutyRoute {
  readonly shiftId?: string;
  readonly monitorUserIds: readonly string[];
  readonly headUserId: string;
}

export function shiftsAt(state: DutyRosterState, at: string): Shift[] {
  const t = Date.parse(at);
  return state.shifts.filter((s) => Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt));
}

/** The route at `at`; undefined when the unit keeps no roster (its alerts stay with the duty desk only). */
export function dutyRouteAt(state: DutyRosterState, at: string): DutyRoute | undefined {
  if (!state.headUserId) return undefined;
  const covering = shiftsAt(state, at).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  const latest = covering[0];
  if (!latest) return { monitorUserIds: [], headUserId: state.headUserId };
  const monitors = [...new Set(covering.flatMap((s) => s.monitorUserIds))];
  return { shiftId: latest.shiftId, monitorUserIds: monitors, headUserId: latest.headUserId };
}

export type DutyRosterCommand =
  | {
      readonly kind: 'schedule';
      readonly orgUnitId: string;
      readonly shiftId: string;
      readonly startsAt: string;
      readonly endsAt: string;
      readonly monitorUserIds: readonly string[];
      readonly headUserId: string;
      readonly scheduledBy: string;
      readonly policy: DutyPolicy;
    }
  | {
      readonly kind: 'record-handover';
      readonly orgUnitId: string;
      readonly fromShiftId: string;
      readonly toShiftId: string;
      readonly openMatters: readonly string[];
      readonly notes?: string;
      readonly recordedBy: string;
      readonly now: string;
    }
  | {
      readonly kind: 'acknowledge-handover';
      readonly orgUnitId: string;
      readonly toShiftId: string;
      readonly acknowledgedBy: string;
      readonly now: string;
    };

export function decideDutyRoster(command: DutyRosterCommand, state: DutyRosterState): NewEvent[] {
  switch (command.kind) {
    case 'schedule': {
      if (state.shifts.some((s) => s.shiftId === command.shiftId))
        throw new AlreadyExistsError(
          'reporting.duty-shift-exists',
          `shift ${command.shiftId} is already on the roster`,
        );
      const start = Date.parse(command.startsAt);
      const end = Date.parse(command.endsAt);
      if (end <= start)
        refuse('reporting.duty-shift-ends-after-start', 'a shift ends after it starts', 'endsAt');
      if (end - start > command.policy.maxShiftHours * HOUR)
        refuse(
          'reporting.duty-shift-too-long',
          `a shift lasts at most ${command.policy.maxShiftHours} hours (${command.policy.version})`,
          'endsAt',
        );
      if (command.monitorUserIds.length === 0)
        refuse(
          'reporting.duty-monitor-required',
          'a shift needs at least one monitor on duty',
          'monitorUserIds',
        );
      return [
        DutyShiftScheduled.create({
          orgUnitId: command.orgUnitId,
          shiftId: command.shiftId,
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(end).toISOString(),
          monitorUserIds: [...new Set(command.monitorUserIds)],
          headUserId: command.headUserId,
          scheduledBy: command.scheduledBy,
        }),
      ];
    }
    case 'record-handover': {
      const from = state.shifts.find((s) => s.shiftId === command.fromShiftId);
      const to = state.shifts.find((s) => s.shiftId === command.toShiftId);
      if (!from) throw new NotFoundError(`shift ${command.fromShiftId} not found`);
      if (!to) throw new NotFoundError(`shift ${command.toShiftId} not found`);
      if (from.shiftId === to.shiftId)
        refuse('reporting.handover-to-another-shift', 'a handover goes to another shift', 'toShiftId');
      if (!from.monitorUserIds.includes(command.recordedBy))
        throw new NotPermittedError(
          'reporting.handover-by-outgoing-monitor',
          'the handover is recorded by a monitor of the outgoing shift',
        );
      if (state.handovers.some((h) => h.toShiftId === to.shiftId && h.acknowledgedBy))
        refuse('reporting.handover-already-acknowledged', 'the incoming shift has acknowledged its handover');
      return [
        DutyHandoverRecorded.create({
          orgUnitId: command.orgUnitId,
          fromShiftId: from.shiftId,
          toShiftId: to.shiftId,
          openMatters: [...command.openMatters],
          ...optional('notes', command.notes),
          recordedBy: command.recordedBy,
          recordedAt: command.now,
        }),
      ];
    }
    case 'acknowledge-handover': {
      const to = state.shifts.find((s) => s.shiftId === command.toShiftId);
      if (!to) throw new NotFoundError(`shift ${command.toShiftId} not found`);
      const handover = state.handovers.find((h) => h.toShiftId === to.shiftId);
      if (!handover) throw new NotFoundError(`no handover to shift ${to.shiftId} has been recorded`);
      if (!to.monitorUserIds.includes(command.acknowledgedBy))
        throw new NotPermittedError(
          'reporting.handover-by-incoming-monitor',
          'the handover is acknowledged by a monitor of the incoming shift',
        );
      if (handover.acknowledgedBy)
        refuse('reporting.handover-already-acknowledged', 'this handover was acknowledged already');
      return [
        DutyHandoverAcknowledged.create({
          orgUnitId: command.orgUnitId,
          toShiftId: to.shiftId,
          acknowledgedBy: command.acknowledgedBy,
          acknowledgedAt: command.now,
        }),
      ];
    }
  }
}

export const dutyRosterDecider = {
  initialState: initialDutyRosterState,
  evolve: evolveDutyRoster,
  decide: decideDutyRoster,
};

/** The roster's stream (`reporting-duty-roster-<orgUnit>`). */
export const dutyRosterStreamId = (orgUnitId: string): string => reportingStreams.dutyRoster.id(orgUnitId);
