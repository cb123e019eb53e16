import { TransferItemIn, type CommandPayload } from '@yuqing/contracts';
import type { CaptureOutcome } from '@yuqing/ingestion-domain';
import { DomainCommand, type CommandContext } from '@yuqing/service-kit';

export class TransferItemInCommand extends DomainCommand<typeof TransferItemIn, CaptureOutcome>(
  TransferItemIn,
) {
  constructor(
    payload: CommandPayload<typeof TransferItemIn>,
    context: CommandContext,
    /** The office that transfers it: the unit of the caller's grant. */
    readonly fromOrgUnitId: string,
  ) {
    super(payload, context);
  }
}
