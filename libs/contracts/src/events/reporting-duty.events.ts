import { z } from 'zod';
import { defineEvent } from '../define';
import { code, id, instant, line, list, ruleSetVersion, text } from '../fields';
import { reportKind } from '../vocabulary';

// 24-hour duty (篇一二(一) 24小时网络在线值班): a unit's duty roster (shifts, the monitors on duty, the head an alert
// escalates to, handovers between shifts) and the duty alerts that go to the monitor on duty first and, left
// unacknowledged, to the unit's head. Published on yuqing.reporting.events.v1 with the other reporting events.

const orgUnitId = id('The unit whose duty it is (值班单位).');
const shiftId = id('The shift (班次).');
const alertId = id('The duty alert (值班告警).');
const userId = id(
  'A person, by user id (or username, for a roster recorded before identity minted the ids).',
);

export const DutyShiftScheduled = defineEvent({
  context: 'reporting',
  name: 'DutyShiftScheduled',
  version: 1,
  description:
    'A duty shift (值班班次) was put on the unit’s roster: when, the monitor(s) on duty, and the head alerts escalate to.',
  data: z.object({
    orgUnitId,
    shiftId,
    startsAt: instant('When the shift begins.'),
    endsAt: instant('When it ends (exclusive).'),
    monitorUserIds: list(userId, 10, 'The monitors on duty (值班监测员); alerts go to them first.'),
    headUserId: id('The unit’s head (主要领导 or 网信办负责人) an unacknowledged alert escalates to.'),
    scheduledBy: id('Who put it on the roster.'),
  }),
});

export const DutyHandoverRecorded = defineEvent({
  context: 'reporting',
  name: 'DutyHandoverRecorded',
  version: 1,
  description:
    'The outgoing monitor recorded the handover (交接班): the matters still open for the next shift.',
  data: z.object({
    orgUnitId,
    fromShiftId: shiftId,
    toShiftId: shiftId,
    openMatters: list(line('One open matter.', 500), 50, '未结事项: what the next shift must carry on.'),
    notes: text('交班说明.', 4000).optional(),
    recordedBy: id('The outgoing monitor.'),
    recordedAt: instant('When.'),
  }),
});

export const DutyHandoverAcknowledged = defineEvent({
  context: 'reporting',
  name: 'DutyHandoverAcknowledged',
  version: 1,
  description: 'The incoming monitor acknowledged the handover (接班确认).',
  data: z.object({
    orgUnitId,
    toShiftId: shiftId,
    acknowledgedBy: id('The incoming monitor.'),
    acknowledgedAt: instant('When.'),
  }),
});

export const DutyAlertRaised = defineEvent({
  context: 'reporting',
  name: 'DutyAlertRaised',
  version: 1,
  description:
    'An alert for one of the unit’s obligations was raised to the monitor(s) on duty, or, outside any shift, to the ' +
    'unit’s head directly (值班告警).',
  data: z.object({
    alertId,
    orgUnitId,
    incidentId: id('The incident.'),
    obligationId: id('The obligation it is about.').optional(),
    kind: reportKind.optional(),
    cause: z
      .enum(['obligation-opened', 'deadline-reminder', 'overdue'])
      .describe('报送任务生成 / 报送提醒 / 超时告警.'),
    dueAt: instant('The deadline it is about.').optional(),
    raisedAt: instant('When.'),
    shiftId: shiftId.optional(),
    monitorUserIds: list(userId, 10, 'Who it went to first; empty when no shift covered the time.'),
    headUserId: id('The unit’s head it escalates to.'),
    directToHead: z.boolean().describe('true = outside any shift: sent to the head at once.'),
    escalateAt: instant(
      'When it escalates if nobody acknowledged it (absent when sent to the head).',
    ).optional(),
    ruleSetVersion,
  }),
});

export const DutyAlertAcknowledged = defineEvent({
  context: 'reporting',
  name: 'DutyAlertAcknowledged',
  version: 1,
  description: 'The monitor on duty (or the head) acknowledged the alert (签收); it does not escalate.',
  data: z.object({
    alertId,
    orgUnitId,
    incidentId: id('The incident.'),
    acknowledgedBy: id('Who acknowledged it.'),
    acknowledgedAt: instant('When.'),
    afterEscalation: z.boolean().describe('true when it had already escalated to the head.'),
  }),
});

export const DutyAlertEscalated = defineEvent({
  context: 'reporting',
  name: 'DutyAlertEscalated',
  version: 1,
  description: 'Nobody on duty acknowledged the alert in time: it escalated to the unit’s head (告警升级).',
  data: z.object({
    alertId,
    orgUnitId,
    incidentId: id('The incident.'),
    obligationId: id('The obligation.').optional(),
    headUserId: id('The head it went to.'),
    unacknowledgedFor: code('How long it waited, ISO 8601 (e.g. PT5M), as the duty policy says.', 40),
    escalatedAt: instant('When.'),
    ruleSetVersion,
  }),
});

/** Every duty event, in catalogue order. */
export const reportingDutyEvents = [
  DutyShiftScheduled,
  DutyHandoverRecorded,
  DutyHandoverAcknowledged,
  DutyAlertRaised,
  DutyAlertAcknowledged,
  DutyAlertEscalated,
] as const;
