import { Inject } from '@nestjs/common';
import { ingestionStreams } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { WatchWindowsReadModel } from '../read-models/watch-windows/watch-windows.read-model';
import type { WatchWindowAnswer } from '../schedule-watch-window/schedule-watch-window.command';
import { watchWindowDecider } from '../schedule-watch-window/watch-window-decider';
import { CancelWatchWindowCommand } from './cancel-watch-window.command';

/** 取消重点时段: the window ends early; its unit's feeds return to their usual intervals. */
@HandlesCommand(CancelWatchWindowCommand)
export class CancelWatchWindowHandler implements CommandHandling<
  CancelWatchWindowCommand,
  WatchWindowAnswer
> {
  constructor(@Inject(WatchWindowsReadModel) private readonly windows: WatchWindowsReadModel) {}

  async handle(command: CancelWatchWindowCommand, tx: CommandTransaction): Promise<WatchWindowAnswer> {
    const { windowId, reason } = command.payload;
    const orgUnit = await this.windows.on(tx.client).orgUnitOf(windowId);
    await tx.decide(
      ingestionStreams.watchWindow.id(windowId),
      watchWindowDecider,
      { kind: 'cancel', windowId, reason, now: tx.now },
      { metadata: { orgUnit } },
    );
    return { windowId, status: 'cancelled' };
  }
}
