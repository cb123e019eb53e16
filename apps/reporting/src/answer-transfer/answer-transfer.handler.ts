import { Inject } from '@nestjs/common';
import { NotFoundError, optional, TransferAnswered, type EventData } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { transferDecider, transferStreamId } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { AnswerTransferCommand, type TransferAnswerOutcome } from './answer-transfer.command';

@HandlesCommand(AnswerTransferCommand)
export class AnswerTransferHandler {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle(
    { payload: p }: AnswerTransferCommand,
    tx: CommandTransaction,
  ): Promise<TransferAnswerOutcome> {
    const { rows } = await tx.client.query<{ org_unit: string }>(
      `select org_unit from ${this.store.schema}.transfers where transfer_id = $1`,
      [p.transferId],
    );
    const found = rows[0];
    if (!found) throw new NotFoundError(`transfer ${p.transferId} not found`);
    const { events } = await tx.decide(
      transferStreamId(p.transferId),
      transferDecider,
      {
        kind: 'answer',
        answer: p.answer,
        resolution: p.resolution,
        ...optional('publicReplyUrl', p.publicReplyUrl),
        answeredAt: p.answeredAt,
        now: tx.now.toISOString(),
      },
      { metadata: { orgUnit: found.org_unit, correlationId: p.transferId } },
    );
    const answered = events[0]!.data as EventData<typeof TransferAnswered>;
    return { transferId: p.transferId, onTime: answered.onTime };
  }
}
