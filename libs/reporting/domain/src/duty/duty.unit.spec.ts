import {
  AlreadyExistsError,
  DomainRuleError,
  NotPermittedError,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { dutyAlertDecider, type DutyAlertCommand, type DutyAlertState } from './duty-alert.decider';
import { DEFAULT_DUTY_POLICY, durationMs, dutyPolicyWith } from './duty-policy';
import {
  dutyRosterDecider,
  dutyRouteAt,
  type DutyRosterCommand,
  type DutyRosterState,
} from './duty-roster.decider';

// given / when / then for 24-hour duty (篇一二(一)): the roster says who is on duty; an alert goes to them first and
// escalates to the unit's head when nobody acknowledges it within the policy's time.

const UNIT = 'cn.yn.km.yl';
const T0 = Date.parse('2026-11-25T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const policy = DEFAULT_DUTY_POLICY;

function history<C, S>(decider: {
  initialState(): S;
  evolve(state: S, event: RecordedEvent): S;
  decide(command: C, state: S): NewEvent[];
}) {
  const events: RecordedEvent[] = [];
  const state = () => events.reduce(decider.evolve, decider.initialState());
  return {
    events,
    state,
    run(command: C): NewEvent[] {
      const decided = decider.decide(command, state());
      decided.forEach((event) =>
        events.push({
          eventId: `e${events.length + 1}`,
          type: event.type,
          schemaVersion: 1,
          streamId: 's',
          streamPosition: events.length + 1,
          globalPosition: String(events.length + 1),
          transactionId: '1',
          data: event.data,
          metadata: { orgUnit: UNIT, actor: { kind: 'service', id: 'test' }, correlationId: 'c' },
          recordedAt: new Date(T0),
        }),
      );
      return decided;
    },
  };
}

const shift = (shiftId: string, from: number, to: number, monitors: string[]): DutyRosterCommand => ({
  kind: 'schedule',
  orgUnitId: UNIT,
  shiftId,
  startsAt: at(from),
  endsAt: at(to),
  monitorUserIds: monitors,
  headUserId: 'leader',
  scheduledBy: 'office',
  policy,
});

function roster() {
  const r = history<DutyRosterCommand, DutyRosterState>(dutyRosterDecider);
  r.run(shift('day', 0, 12 * 60, ['monitor-a']));
  r.run(shift('night', 12 * 60, 24 * 60, ['monitor-b']));
  return r;
}

function raised(minute: number) {
  const route = dutyRouteAt(roster().state(), at(minute))!;
  const a = history<DutyAlertCommand, DutyAlertState>(dutyAlertDecider);
  const events = a.run({
    kind: 'raise',
    alertId: 'alert-1',
    orgUnitId: UNIT,
    incidentId: 'inc-1',
    obligationId: 'obl-1',
    reportKind: 'phone-flash',
    cause: 'obligation-opened',
    route,
    now: at(minute),
    policy,
  });
  return { a, events };
}

describe('the duty roster', () => {
  it('says who is on duty now, and outside any shift names only the head', () => {
    const state = roster().state();
    expect(dutyRouteAt(state, at(60))).toEqual({
      shiftId: 'day',
      monitorUserIds: ['monitor-a'],
      headUserId: 'leader',
    });
    expect(dutyRouteAt(state, at(13 * 60))?.monitorUserIds).toEqual(['monitor-b']);
    expect(dutyRouteAt(state, at(25 * 60))).toEqual({ monitorUserIds: [], headUserId: 'leader' });
  });

  it('keeps no route for a unit without a roster', () => {
    expect(dutyRouteAt(dutyRosterDecider.initialState(), at(0))).toBeUndefined();
  });

  it('refuses a shift longer than the policy allows, without monitors, or twice', () => {
    const r = roster();
    expect(() => r.run(shift('long', 0, 25 * 60, ['m']))).toThrow(DomainRuleError);
    expect(() => r.run(shift('empty', 0, 60, []))).toThrow(DomainRuleError);
    expect(() => r.run(shift('day', 0, 60, ['m']))).toThrow(AlreadyExistsError);
  });

  it('hands over from the outgoing monitor to the incoming one, who acknowledges once', () => {
    const r = roster();
    const handover = {
      kind: 'record-handover' as const,
      orgUnitId: UNIT,
      fromShiftId: 'day',
      toShiftId: 'night',
      openMatters: ['道路塌陷：书面快报待报'],
      now: at(12 * 60),
    };
    expect(() => r.run({ ...handover, recordedBy: 'monitor-b' })).toThrow(NotPermittedError);
    expect(r.run({ ...handover, recordedBy: 'monitor-a' })[0]?.type).toBe('reporting.DutyHandoverRecorded');
    const ack = {
      kind: 'acknowledge-handover' as const,
      orgUnitId: UNIT,
      toShiftId: 'night',
      now: at(12 * 60 + 5),
    };
    expect(() => r.run({ ...ack, acknowledgedBy: 'monitor-a' })).toThrow(NotPermittedError);
    expect(r.run({ ...ack, acknowledgedBy: 'monitor-b' })[0]?.type).toBe(
      'reporting.DutyHandoverAcknowledged',
    );
    expect(() => r.run({ ...ack, acknowledgedBy: 'monitor-b' })).toThrow(DomainRuleError);
  });
});

describe('a duty alert', () => {
  it('goes to the monitor on duty and escalates to the head when unacknowledged for the policy time', () => {
    const { a, events } = raised(60);
    expect(events[0]?.data).toMatchObject({
      monitorUserIds: ['monitor-a'],
      directToHead: false,
      escalateAt: at(65),
      ruleSetVersion: 'duty-policy@1',
    });
    expect(a.run({ kind: 'fire-due', now: at(64), policy })).toEqual([]);
    const escalated = a.run({ kind: 'fire-due', now: at(65), policy });
    expect(escalated[0]).toMatchObject({
      type: 'reporting.DutyAlertEscalated',
      data: { headUserId: 'leader', unacknowledgedFor: 'PT5M' },
    });
    expect(a.run({ kind: 'fire-due', now: at(70), policy })).toEqual([]);
  });

  it('does not escalate once the monitor on duty acknowledged it; nobody else may', () => {
    const { a } = raised(60);
    expect(() => a.run({ kind: 'acknowledge', by: 'monitor-b', now: at(61) })).toThrow(NotPermittedError);
    expect(a.run({ kind: 'acknowledge', by: 'monitor-a', now: at(62) })[0]?.data).toMatchObject({
      afterEscalation: false,
    });
    expect(a.run({ kind: 'fire-due', now: at(90), policy })).toEqual([]);
    expect(() => a.run({ kind: 'acknowledge', by: 'monitor-a', now: at(63) })).toThrow(DomainRuleError);
  });

  it('outside any shift goes to the head directly, with nothing to escalate', () => {
    const { a, events } = raised(25 * 60);
    expect(events[0]?.data).toMatchObject({ monitorUserIds: [], directToHead: true, headUserId: 'leader' });
    expect(events[0]?.data).not.toHaveProperty('escalateAt');
    expect(a.run({ kind: 'fire-due', now: at(26 * 60), policy })).toEqual([]);
  });

  it('is raised once per source', () => {
    const { a } = raised(60);
    expect(a.run({ kind: 'fire-due', now: at(61), policy })).toEqual([]);
    expect(a.state().status).toBe('raised');
  });
});

describe('the duty policy', () => {
  it('reads ISO durations and versions an operator’s change', () => {
    expect(durationMs('PT5M')).toBe(300_000);
    expect(durationMs('PT1H30M')).toBe(5_400_000);
    expect(() => durationMs('5 minutes')).toThrow(DomainRuleError);
    expect(dutyPolicyWith('PT10M')).toMatchObject({
      escalateAfter: 'PT10M',
      version: 'duty-policy@1+escalate-PT10M',
    });
    expect(dutyPolicyWith(undefined)).toBe(DEFAULT_DUTY_POLICY);
  });
});
