import { NotificationAttempted, NotificationDelivered, NotificationFailed } from '@yuqing/contracts';
import type {
  NotificationAttemptedData,
  NotificationDeliveredData,
  NotificationFailedData,
  NotificationSink,
} from '../dispatcher';

// Test code: a sink that records what the service would append, each validated by the event's own schema.
export type Recorded =
  | { readonly type: 'attempted'; readonly data: NotificationAttemptedData }
  | { readonly type: 'delivered'; readonly data: NotificationDeliveredData }
  | { readonly type: 'failed'; readonly data: NotificationFailedData };

export class RecordingSink implements NotificationSink {
  readonly events: Recorded[] = [];

  attempted(data: NotificationAttemptedData): void {
    this.events.push({ type: 'attempted', data: NotificationAttempted.parse(data) });
  }
  delivered(data: NotificationDeliveredData): void {
    this.events.push({ type: 'delivered', data: NotificationDelivered.parse(data) });
  }
  failed(data: NotificationFailedData): void {
    this.events.push({ type: 'failed', data: NotificationFailed.parse(data) });
  }

  /** `attempted#1`, `failed#1:network-econnrefused:retry`, `delivered#2` …: the story at a glance. */
  story(): string[] {
    return this.events.map((event) => {
      if (event.type === 'failed') {
        const { attempt, errorCode, willRetry } = event.data;
        return `failed#${attempt}:${errorCode}:${willRetry ? 'retry' : 'final'}`;
      }
      return `${event.type}#${event.data.attempt}`;
    });
  }
}

/** A clock that only moves when the test (or the fake sleep) moves it. */
export class FakeClock {
  constructor(private ms: number) {}
  readonly now = (): Date => new Date(this.ms);
  readonly sleep = (ms: number): Promise<void> => {
    this.ms += ms;
    return Promise.resolve();
  };
}
