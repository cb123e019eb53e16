import { z } from 'zod';
import { defineCommand } from '../define';
import { id, instant, line, list, text } from '../fields';

// 24-hour duty (篇一二(一)): the roster's shifts and handovers, and the monitor's acknowledgement of an alert.

const orgUnitId = id('The unit whose duty roster it is.');
const shiftId = id('The shift.');

export const ScheduleDutyShift = defineCommand({
  context: 'reporting',
  name: 'ScheduleDutyShift',
  version: 1,
  description: 'Put a duty shift on the unit’s roster (排班): its time, the monitor(s) on duty and the head.',
  payload: z.strictObject({
    orgUnitId,
    shiftId: shiftId.optional(),
    startsAt: instant('When the shift begins.'),
    endsAt: instant('When it ends (at most 24 hours later).'),
    monitorUserIds: list(id('A monitor on duty (user id).'), 10, 'The monitors on duty.'),
    headUserId: id('The unit’s head alerts escalate to (user id).'),
  }),
});

export const RecordDutyHandover = defineCommand({
  context: 'reporting',
  name: 'RecordDutyHandover',
  version: 1,
  description:
    'The outgoing monitor records the handover (交接班) to the next shift, with the matters still open.',
  payload: z.strictObject({
    orgUnitId,
    fromShiftId: shiftId,
    toShiftId: shiftId,
    openMatters: list(line('One open matter.', 500), 50, '未结事项.'),
    notes: text('交班说明.', 4000).optional(),
  }),
});

export const AcknowledgeDutyHandover = defineCommand({
  context: 'reporting',
  name: 'AcknowledgeDutyHandover',
  version: 1,
  description: 'The incoming monitor acknowledges the handover (接班确认).',
  payload: z.strictObject({ orgUnitId, toShiftId: shiftId }),
});

export const AcknowledgeDutyAlert = defineCommand({
  context: 'reporting',
  name: 'AcknowledgeDutyAlert',
  version: 1,
  description:
    'The monitor on duty (or the head) acknowledges a duty alert (签收告警), which stops its escalation.',
  payload: z.strictObject({ alertId: id('The duty alert.') }),
});

/** Every public duty command. */
export const reportingDutyCommands = [
  ScheduleDutyShift,
  RecordDutyHandover,
  AcknowledgeDutyHandover,
  AcknowledgeDutyAlert,
] as const;
