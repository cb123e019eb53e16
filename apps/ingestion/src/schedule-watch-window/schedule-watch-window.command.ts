import { ScheduleWatchWindow } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

export interface WatchWindowAnswer {
  readonly windowId: string;
  readonly status: string;
}

export class ScheduleWatchWindowCommand extends DomainCommand<typeof ScheduleWatchWindow, WatchWindowAnswer>(
  ScheduleWatchWindow,
) {}
