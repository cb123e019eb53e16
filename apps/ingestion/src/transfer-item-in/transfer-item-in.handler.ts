import { Inject } from '@nestjs/common';
import type { CaptureOutcome } from '@yuqing/ingestion-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { CaptureService, captureLock } from '../capture-items/capture';
import { TransferItemInCommand } from './transfer-item-in.command';

/**
 * 转办: the item is captured into the receiving unit without relevance matching (the office already judged it).
 * One transfer reference is one transfer: sent again to the same unit, it gets the first answer.
 */
@HandlesCommand(TransferItemInCommand, {
  idempotency: (command) => ({
    scope: `transfer@${command.payload.orgUnit}`,
    key: command.payload.transferReference,
  }),
  lock: (command) => captureLock(command.payload.orgUnit),
})
export class TransferItemInHandler implements CommandHandling<TransferItemInCommand, CaptureOutcome> {
  constructor(@Inject(CaptureService) private readonly capture: CaptureService) {}

  async handle(command: TransferItemInCommand, tx: CommandTransaction): Promise<CaptureOutcome> {
    const { orgUnit, item, transferReference, instructions, respondBy } = command.payload;
    const [outcome] = await this.capture.captureIn(
      tx,
      {
        orgUnit,
        actor: command.context.actor,
        correlationId: `transfer-${transferReference}`,
        candidates: [
          {
            ...item,
            transfer: {
              fromOrgUnitId: command.fromOrgUnitId,
              transferReference,
              ...(instructions ? { instructions } : {}),
              transferredAt: tx.now.toISOString(),
              respondBy,
            },
          },
        ],
      },
      tx.now,
    );
    return outcome!;
  }
}
