import { dutyRosterDecider, dutyRosterStreamId } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { RecordDutyHandoverCommand, type HandoverRecorded } from './record-duty-handover.command';

@HandlesCommand(RecordDutyHandoverCommand)
export class RecordDutyHandoverHandler {
  async handle({ payload: p }: RecordDutyHandoverCommand, tx: CommandTransaction): Promise<HandoverRecorded> {
    await tx.decide(
      dutyRosterStreamId(p.orgUnitId),
      dutyRosterDecider,
      {
        kind: 'record-handover',
        orgUnitId: p.orgUnitId,
        fromShiftId: p.fromShiftId,
        toShiftId: p.toShiftId,
        openMatters: p.openMatters,
        ...(p.notes !== undefined ? { notes: p.notes } : {}),
        recordedBy: tx.context.actor.id,
        now: tx.now.toISOString(),
      },
      { metadata: { orgUnit: p.orgUnitId } },
    );
    return { toShiftId: p.toShiftId };
  }
}
