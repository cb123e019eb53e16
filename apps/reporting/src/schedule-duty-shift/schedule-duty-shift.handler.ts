import { Inject } from '@nestjs/common';
import { dutyRosterDecider, dutyRosterStreamId, type DutyPolicy } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { DUTY_POLICY } from '../watch-duty/duty.tokens';
import { ScheduleDutyShiftCommand, type ShiftScheduled } from './schedule-duty-shift.command';

@HandlesCommand(ScheduleDutyShiftCommand)
export class ScheduleDutyShiftHandler {
  constructor(@Inject(DUTY_POLICY) private readonly policy: DutyPolicy) {}

  async handle({ payload: p }: ScheduleDutyShiftCommand, tx: CommandTransaction): Promise<ShiftScheduled> {
    const shiftId = p.shiftId ?? tx.newId();
    await tx.decide(
      dutyRosterStreamId(p.orgUnitId),
      dutyRosterDecider,
      {
        kind: 'schedule',
        orgUnitId: p.orgUnitId,
        shiftId,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        monitorUserIds: p.monitorUserIds,
        headUserId: p.headUserId,
        scheduledBy: tx.context.actor.id,
        policy: this.policy,
      },
      { metadata: { orgUnit: p.orgUnitId } },
    );
    return { shiftId };
  }
}
