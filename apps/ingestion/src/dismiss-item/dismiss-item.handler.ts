import { Inject } from '@nestjs/common';
import { PostgresEventStore } from '@yuqing/event-store';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { judgeItem } from '../verify-item/item-verification';
import { DismissItemCommand } from './dismiss-item.command';

/** The item is dismissed with a reason (e.g. 伪舆情) and its basis. */
@HandlesCommand(DismissItemCommand)
export class DismissItemHandler implements CommandHandling<DismissItemCommand, { version: number }> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  handle(command: DismissItemCommand, tx: CommandTransaction): Promise<{ version: number }> {
    const { itemId, ...dismissal } = command.payload;
    return judgeItem(tx, this.store.schema, itemId, { kind: 'dismiss', ...dismissal });
  }
}
