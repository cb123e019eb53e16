import { DomainRuleError, type RecordedEvent } from '@yuqing/contracts';
import {
  decideWatchWindow,
  evolveWatchWindow,
  initialWatchWindowState,
  watchWindowStatus,
  type WatchWindowCommand,
} from './watch-window.decider';

const now = new Date('2026-09-25T09:00:00+08:00');
const nationalDay = {
  kind: 'schedule',
  windowId: 'w-1',
  name: '国庆假期',
  startsAt: '2026-10-01T00:00:00+08:00',
  endsAt: '2026-10-08T00:00:00+08:00',
  pollIntervalFactor: 0.25,
  now,
} as const satisfies WatchWindowCommand;

const given = (...events: { type: string; data: unknown }[]) =>
  events.map((e) => e as unknown as RecordedEvent).reduce(evolveWatchWindow, initialWatchWindowState());
const scheduled = { type: 'ingestion.WatchWindowScheduled', data: nationalDay };

function ruleOf(decide: () => unknown): string {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainRuleError) return error.rule;
    throw error;
  }
  throw new Error('expected a domain rule to refuse');
}

describe('heightened-watch windows (重点时段)', () => {
  it('given nothing, when a window for the National Day holiday is scheduled, then WatchWindowScheduled', () => {
    expect(decideWatchWindow(nationalDay, given())).toEqual([
      {
        type: 'ingestion.WatchWindowScheduled',
        data: {
          windowId: 'w-1',
          name: '国庆假期',
          startsAt: '2026-10-01T00:00:00+08:00',
          endsAt: '2026-10-08T00:00:00+08:00',
          pollIntervalFactor: 0.25,
        },
      },
    ]);
  });

  it('schedules a window that has already begun, as long as it has not ended', () => {
    const started = { ...nationalDay, now: new Date('2026-10-03T12:00:00+08:00') };
    expect(decideWatchWindow(started, given())).toHaveLength(1);
  });

  it('refuses a window that is already over, and a window id used before', () => {
    expect(
      ruleOf(() =>
        decideWatchWindow({ ...nationalDay, now: new Date('2026-10-08T00:00:00+08:00') }, given()),
      ),
    ).toBe('ingestion.watch-window-over');
    expect(ruleOf(() => decideWatchWindow(nationalDay, given(scheduled)))).toBe(
      'ingestion.watch-window-exists',
    );
  });

  it('given a scheduled window, when it is cancelled with a reason, then WatchWindowCancelled', () => {
    expect(
      decideWatchWindow({ kind: 'cancel', windowId: 'w-1', reason: '时段有误', now }, given(scheduled)),
    ).toEqual([{ type: 'ingestion.WatchWindowCancelled', data: { windowId: 'w-1', reason: '时段有误' } }]);
  });

  it('refuses to cancel a window twice, one that has ended, or one that never existed', () => {
    const cancel = { kind: 'cancel', windowId: 'w-1', reason: '取消', now } as const;
    const cancelled = { type: 'ingestion.WatchWindowCancelled', data: { windowId: 'w-1', reason: '取消' } };
    expect(ruleOf(() => decideWatchWindow(cancel, given(scheduled, cancelled)))).toBe(
      'ingestion.watch-window-cancelled',
    );
    expect(
      ruleOf(() =>
        decideWatchWindow({ ...cancel, now: new Date('2026-10-09T00:00:00+08:00') }, given(scheduled)),
      ),
    ).toBe('ingestion.watch-window-over');
    expect(ruleOf(() => decideWatchWindow(cancel, given()))).toBe('ingestion.watch-window-not-found');
  });

  it('tells upcoming, current, ended and cancelled windows apart', () => {
    const window = {
      startsAt: new Date(nationalDay.startsAt),
      endsAt: new Date(nationalDay.endsAt),
      cancelled: false,
    };
    expect(watchWindowStatus(window, now)).toBe('upcoming');
    expect(watchWindowStatus(window, new Date('2026-10-01T00:00:00+08:00'))).toBe('current');
    expect(watchWindowStatus(window, new Date('2026-10-08T00:00:00+08:00'))).toBe('ended');
    expect(watchWindowStatus({ ...window, cancelled: true }, now)).toBe('cancelled');
  });
});
