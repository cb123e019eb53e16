import { dutyRosterDecider, dutyRosterStreamId } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import {
  AcknowledgeDutyHandoverCommand,
  type HandoverAcknowledged,
} from './acknowledge-duty-handover.command';

@HandlesCommand(AcknowledgeDutyHandoverCommand)
export class AcknowledgeDutyHandoverHandler {
  async handle(
    { payload: p }: AcknowledgeDutyHandoverCommand,
    tx: CommandTransaction,
  ): Promise<HandoverAcknowledged> {
    await tx.decide(
      dutyRosterStreamId(p.orgUnitId),
      dutyRosterDecider,
      {
        kind: 'acknowledge-handover',
        orgUnitId: p.orgUnitId,
        toShiftId: p.toShiftId,
        acknowledgedBy: tx.context.actor.id,
        now: tx.now.toISOString(),
      },
      { metadata: { orgUnit: p.orgUnitId } },
    );
    return { toShiftId: p.toShiftId };
  }
}
