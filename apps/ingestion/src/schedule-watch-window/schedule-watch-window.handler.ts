import { ingestionStreams } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { ScheduleWatchWindowCommand, type WatchWindowAnswer } from './schedule-watch-window.command';
import { watchWindowDecider } from './watch-window-decider';

/** 重点时段: a new window of the unit; its feeds (and those of the units below) are polled more often in it. */
@HandlesCommand(ScheduleWatchWindowCommand)
export class ScheduleWatchWindowHandler implements CommandHandling<
  ScheduleWatchWindowCommand,
  WatchWindowAnswer
> {
  async handle(command: ScheduleWatchWindowCommand, tx: CommandTransaction): Promise<WatchWindowAnswer> {
    const { orgUnit, ...window } = command.payload;
    const windowId = tx.newId();
    const events = watchWindowDecider.decide(
      { kind: 'schedule', windowId, ...window, now: tx.now },
      watchWindowDecider.initialState(),
    );
    await tx.append(ingestionStreams.watchWindow.id(windowId), events, {
      expectedVersion: 'no_stream',
      metadata: tx.metadata({ orgUnit }),
    });
    return { windowId, status: 'scheduled' };
  }
}
