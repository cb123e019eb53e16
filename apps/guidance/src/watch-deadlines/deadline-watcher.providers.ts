import type { Provider } from '@nestjs/common';
import { PostgresEventStore } from '@yuqing/event-store';
import { Clock, LOGGER, StreamWatcherLifecycle } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { GuidanceDeadlineWatcher } from './deadline-watcher';
import { GuidanceDeadlines } from './guidance-deadlines';

interface WatcherSettings {
  /** Off in tests that tick the watcher themselves. */
  readonly enabled: boolean;
  readonly pollMs: number;
}

/** The schedule (GuidanceDeadlines, for handlers) and the watcher that works it, for GuidanceModule. */
export function deadlineWatcherProviders(settings: WatcherSettings): Provider[] {
  return [
    GuidanceDeadlines,
    {
      provide: GuidanceDeadlineWatcher,
      inject: [PostgresEventStore, Clock, LOGGER],
      useFactory: (store: PostgresEventStore, clock: Clock, logger: Logger) =>
        new GuidanceDeadlineWatcher({
          store,
          clock,
          instanceId: `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
          pollMs: settings.pollMs,
          onError: (error) => logger.error({ err: error }, 'guidance deadline watcher failed; retrying'),
        }),
    },
    {
      // Runs the loop while the application runs, when enabled.
      provide: 'guidance deadline watcher lifecycle',
      inject: [GuidanceDeadlineWatcher],
      useFactory: (watcher: GuidanceDeadlineWatcher) => new StreamWatcherLifecycle(watcher, settings.enabled),
    },
  ];
}
