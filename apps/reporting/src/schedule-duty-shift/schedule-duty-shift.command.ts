import { ScheduleDutyShift } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** The shift put on the roster. */
export interface ShiftScheduled {
  readonly shiftId: string;
}

export class ScheduleDutyShiftCommand extends DomainCommand<typeof ScheduleDutyShift, ShiftScheduled>(
  ScheduleDutyShift,
) {}
