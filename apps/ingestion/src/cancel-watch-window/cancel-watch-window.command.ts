import { CancelWatchWindow } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';
import type { WatchWindowAnswer } from '../schedule-watch-window/schedule-watch-window.command';

export class CancelWatchWindowCommand extends DomainCommand<typeof CancelWatchWindow, WatchWindowAnswer>(
  CancelWatchWindow,
) {}
