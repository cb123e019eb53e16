import {
  NotificationAttempted,
  NotificationDelivered,
  NotificationFailed,
  reportingStreams,
  type NewEvent,
} from '@yuqing/contracts';
import { PollingLoop, PostgresEventStore } from '@yuqing/event-store';
import type {
  NotificationDispatcher,
  NotificationSink,
  PendingNotification,
} from '@yuqing/reporting-notifications';
import type { Clock } from '@yuqing/service-kit';

// Sends what the outbox holds (notification-outbox.ts), one attempt at a time, each recorded as events on the
// notification's stream (NotificationAttempted, then Delivered or Failed with whether and when it is retried).
// The outbox row is written in the transaction of the event that calls for it, so a notification exists only once
// that event committed. A row is claimed FOR UPDATE SKIP LOCKED under a lease that commits before the send, so
// instances never send the same attempt at once and no send waits inside a transaction (which would also hold
// back the publication of every later event of the service). A failure is never lost: it is an event, and the
// row waits.

export interface NotificationRelayOptions {
  readonly store: PostgresEventStore;
  /** The dispatcher; its sink is ignored (the relay records each attempt itself). */
  readonly dispatcher: (sink: NotificationSink) => Pick<NotificationDispatcher, 'attemptOnce'>;
  readonly clock: Clock;
  readonly batchSize?: number;
  /** How long a claimed notification is left to its sender before it is due again (default 60 s). */
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Releases the channels (the SMTP pool) once the relay has stopped. */
  readonly onStop?: () => void;
}

interface DueNotification {
  notification_id: string;
  org_unit: string;
  incident_id: string | null;
  pending: PendingNotification;
}

export const notificationStreamId = (notificationId: string): string =>
  reportingStreams.notification.id(notificationId);

export class NotificationRelay {
  private readonly loop: PollingLoop;

  constructor(private readonly options: NotificationRelayOptions) {
    this.loop = new PollingLoop(() => this.tick(), {
      idleMs: options.pollMs ?? 1000,
      maxBackoffMs: 10_000,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.options.onStop?.();
  }

  nudge(): void {
    this.loop.nudge();
  }

  /**
   * Attempts every due notification it can claim; returns how many. Three steps, so that nothing is sent from
   * inside a transaction: the claim commits first (a lease: the row is due again only when it ends), the send
   * follows with no transaction open, and the attempt and its outcome are recorded in a transaction of their own.
   * A crash after the send and before the record leaves the row to be tried again once the lease ends
   * (at least once; receivers dedupe on the notification id).
   */
  async tick(): Promise<number> {
    const { store } = this.options;
    const s = store.schema;
    const now = this.options.clock.now();
    const leaseEnds = new Date(now.getTime() + (this.options.leaseMs ?? 60_000));
    const claimed = await store.transaction(async (tx) => {
      const { rows } = await tx.client.query<DueNotification>(
        `select notification_id, org_unit, incident_id, pending from ${s}.notifications
          where status = 'pending' and next_attempt_at <= $1
          order by next_attempt_at limit $2
          for update skip locked`,
        [now, this.options.batchSize ?? 10],
      );
      if (rows.length > 0)
        await tx.client.query(
          `update ${s}.notifications set next_attempt_at = $2 where notification_id = any($1::text[])`,
          [rows.map((row) => row.notification_id), leaseEnds],
        );
      return rows;
    });
    for (const row of claimed) {
      const recorded: NewEvent[] = [];
      const sink: NotificationSink = {
        attempted: (data) => void recorded.push(NotificationAttempted.create(data)),
        delivered: (data) => void recorded.push(NotificationDelivered.create(data)),
        failed: (data) => void recorded.push(NotificationFailed.create(data)),
      };
      const { outcome, next } = await this.options.dispatcher(sink).attemptOnce(row.pending);
      await store.transaction(async (tx) => {
        await tx.append(notificationStreamId(row.notification_id), recorded, {
          expectedVersion: 'any',
          metadata: {
            orgUnit: row.org_unit,
            actor: { kind: 'service', id: 'reporting-notifier' },
            correlationId: row.incident_id ?? row.notification_id,
          },
        });
        const status = next ? 'pending' : outcome.status === 'delivered' ? 'delivered' : 'failed';
        await tx.client.query(
          `update ${s}.notifications set pending = $2, attempt = $3, next_attempt_at = $4, status = $5, last_error = $6
            where notification_id = $1`,
          [
            row.notification_id,
            JSON.stringify(next ?? row.pending),
            next?.attempt ?? outcome.attempt,
            next?.dueAt ?? now,
            status,
            outcome.status === 'failed' ? outcome.errorCode : null,
          ],
        );
      });
    }
    return claimed.length;
  }
}
