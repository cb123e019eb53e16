import { WatchWindowCancelled, WatchWindowScheduled, type NewEvent } from '@yuqing/contracts';
import {
  decideWatchWindow,
  evolveWatchWindow,
  initialWatchWindowState,
  type WatchWindowCommand,
  type WatchWindowState,
} from '@yuqing/ingestion-domain';

/** The watch-window decider with its events checked against their contracts before anything is stored. */
export const watchWindowDecider = {
  initialState: initialWatchWindowState,
  evolve: evolveWatchWindow,
  decide: (command: WatchWindowCommand, state: WatchWindowState): NewEvent[] =>
    decideWatchWindow(command, state).map((event) => ({
      ...event,
      data: (event.type === WatchWindowScheduled.type ? WatchWindowScheduled : WatchWindowCancelled).parse(
        event.data,
      ),
    })),
};
