import { AnswerTransfer } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What an answer (回告) answers: whether it came within the transfer's limit. */
export interface TransferAnswerOutcome {
  readonly transferId: string;
  readonly onTime: boolean;
}

export class AnswerTransferCommand extends DomainCommand<typeof AnswerTransfer, TransferAnswerOutcome>(
  AnswerTransfer,
) {}
