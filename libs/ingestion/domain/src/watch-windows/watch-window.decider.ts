import { DomainRuleError, type NewEvent, type RecordedEvent } from '@yuqing/contracts';

/**
 * Heightened-watch windows (重点时段, 篇一 二(一)): holidays and sensitive dates when monitors watch harder and
 * feeds are polled more often. Bounds a request must meet before it reaches the decider (HTTP 400).
 */
export const WATCH_WINDOW_LIMITS = {
  /** The longest window: a holiday, a congress, a flood season's peak; longer is a standing setting, not a window. */
  maxDays: 62,
  /** Poll intervals are multiplied by the factor: 0.05 polls twenty times as often, 0.9 a little more often. */
  minFactor: 0.05,
  maxFactor: 0.9,
} as const;

/** A window as its stream tells it. */
export interface WatchWindowState {
  readonly status: 'none' | 'scheduled' | 'cancelled';
  readonly startsAt?: string;
  readonly endsAt?: string;
}

export type WatchWindowCommand =
  | {
      readonly kind: 'schedule';
      readonly windowId: string;
      readonly name: string;
      readonly startsAt: string;
      readonly endsAt: string;
      readonly pollIntervalFactor: number;
      /** The decision's time, as data (the domain reads no clock). */
      readonly now: Date;
    }
  | { readonly kind: 'cancel'; readonly windowId: string; readonly reason: string; readonly now: Date };

export const initialWatchWindowState = (): WatchWindowState => ({ status: 'none' });

export function evolveWatchWindow(state: WatchWindowState, event: RecordedEvent): WatchWindowState {
  switch (event.type) {
    case 'ingestion.WatchWindowScheduled': {
      const data = event.data as { startsAt: string; endsAt: string };
      return { status: 'scheduled', startsAt: data.startsAt, endsAt: data.endsAt };
    }
    case 'ingestion.WatchWindowCancelled':
      return { ...state, status: 'cancelled' };
    default:
      return state;
  }
}

/**
 * Schedules or cancels a window. A window that would already be over is refused (it could change nothing);
 * overlapping windows are allowed on purpose (a sensitive anniversary inside a holiday): the strongest factor
 * applies. A cancelled or finished window stays as it was: cancelling it again changes nothing and is refused.
 */
export function decideWatchWindow(command: WatchWindowCommand, state: WatchWindowState): NewEvent[] {
  const now = command.now.getTime();
  if (command.kind === 'schedule') {
    if (state.status !== 'none')
      throw new DomainRuleError('ingestion.watch-window-exists', `window ${command.windowId} already exists`);
    if (Date.parse(command.endsAt) <= now)
      throw new DomainRuleError(
        'ingestion.watch-window-over',
        `the window ends at ${command.endsAt}, which has passed; a window must end in the future`,
      );
    return [
      {
        type: 'ingestion.WatchWindowScheduled',
        data: {
          windowId: command.windowId,
          name: command.name,
          startsAt: command.startsAt,
          endsAt: command.endsAt,
          pollIntervalFactor: command.pollIntervalFactor,
        },
      },
    ];
  }
  if (state.status === 'none')
    throw new DomainRuleError(
      'ingestion.watch-window-not-found',
      `window ${command.windowId} does not exist`,
    );
  if (state.status === 'cancelled')
    throw new DomainRuleError(
      'ingestion.watch-window-cancelled',
      `window ${command.windowId} is already cancelled`,
    );
  if (Date.parse(state.endsAt!) <= now)
    throw new DomainRuleError(
      'ingestion.watch-window-over',
      `window ${command.windowId} ended at ${state.endsAt}; there is nothing left to cancel`,
    );
  return [
    { type: 'ingestion.WatchWindowCancelled', data: { windowId: command.windowId, reason: command.reason } },
  ];
}

/** Where a window stands at a moment: what monitors ask of the list. */
export function watchWindowStatus(
  window: { readonly startsAt: Date; readonly endsAt: Date; readonly cancelled: boolean },
  now: Date,
): 'cancelled' | 'upcoming' | 'current' | 'ended' {
  if (window.cancelled) return 'cancelled';
  if (now < window.startsAt) return 'upcoming';
  return now < window.endsAt ? 'current' : 'ended';
}
