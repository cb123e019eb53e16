import { Inject } from '@nestjs/common';
import { PostgresEventStore } from '@yuqing/event-store';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { judgeItem } from './item-verification';
import { VerifyItemCommand } from './verify-item.command';

/** 核实: the item is verified with the findings and their evidence. */
@HandlesCommand(VerifyItemCommand)
export class VerifyItemHandler implements CommandHandling<VerifyItemCommand, { version: number }> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  handle(command: VerifyItemCommand, tx: CommandTransaction): Promise<{ version: number }> {
    const { itemId, ...verification } = command.payload;
    return judgeItem(tx, this.store.schema, itemId, { kind: 'verify', ...verification });
  }
}
