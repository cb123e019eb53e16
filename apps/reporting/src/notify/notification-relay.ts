import {
  NotificationAttempted,
  NotificationDelivered,
  NotificationFailed,
  reportingStreams,
  type NewEvent,
} from '@yuqing/contracts';
import { PollingLoop, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import type {
  NotificationDispatcher,
  NotificationSink,
  PendingNotification,
} from '@yuqing/reporting-notifications';
import type { Clock } from '@yuqing/service-kit';

// Sends what the outbox holds (notification-outbox.ts), one attempt at a time, each recorded as events on the
// notification's stream (NotificationAttempted, then Delivered or Failed with whether and when it is retried).
// The outbox row is written in the transaction of the event that calls for it, so a notification exists only once
// that event committed. Each row is leased (a token and an end time) in a transaction that commits before its
// send, so no send waits inside a transaction (which would also hold back the publication of every later event
// of the service), and only the holder of the lease records the attempt. A failure is never lost: it is an
// event, and the row waits.

export interface NotificationRelayOptions {
  readonly store: PostgresEventStore;
  /** The dispatcher; its sink is ignored (the relay records each attempt itself). */
  readonly dispatcher: (sink: NotificationSink) => Pick<NotificationDispatcher, 'attemptOnce'>;
  readonly clock: Clock;
  readonly batchSize?: number;
  /** How long one send may take before its row is due again for another relay (default 60 s). */
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
   * Attempts every due notification it can claim; returns how many were attempted. Nothing is sent from inside a
   * transaction: each row is leased (a token and a time, committed) just before its send, and the attempt and its
   * outcome are recorded afterwards only if the lease is still this relay's. A relay that outlived its lease (a
   * stalled receiver, a pause) records nothing; the row went to whoever took it over. A crash between a send and
   * its record sends once more after the lease: at least once, and receivers dedupe on the notification id.
   */
  async tick(): Promise<number> {
    const { store } = this.options;
    const s = store.schema;
    const leaseMs = this.options.leaseMs ?? 60_000;
    const due = await store.transaction(async (tx) => {
      const { rows } = await tx.client.query<{ notification_id: string }>(
        `select notification_id from ${s}.notifications
          where status = 'pending' and next_attempt_at <= $1
          order by next_attempt_at limit $2`,
        [this.options.clock.now(), this.options.batchSize ?? 10],
      );
      return rows.map((row) => row.notification_id);
    });
    let attempted = 0;
    for (const notificationId of due) {
      const lease = uuidv7();
      const now = this.options.clock.now();
      // The lease: taken only if the row is still due (nobody else holds it), committed before the send.
      const claimed = await store.transaction(async (tx) => {
        const { rows } = await tx.client.query<DueNotification>(
          `update ${s}.notifications set lease = $3, next_attempt_at = $4
            where notification_id = $1 and status = 'pending' and next_attempt_at <= $2
            returning notification_id, org_unit, incident_id, pending`,
          [notificationId, now, lease, new Date(now.getTime() + leaseMs)],
        );
        return rows[0];
      });
      if (!claimed) continue;
      attempted++;
      const recorded: NewEvent[] = [];
      const sink: NotificationSink = {
        attempted: (data) => void recorded.push(NotificationAttempted.create(data)),
        delivered: (data) => void recorded.push(NotificationDelivered.create(data)),
        failed: (data) => void recorded.push(NotificationFailed.create(data)),
      };
      const { outcome, next } = await this.options.dispatcher(sink).attemptOnce(claimed.pending);
      await store.transaction(async (tx) => {
        const status = next ? 'pending' : outcome.status === 'delivered' ? 'delivered' : 'failed';
        const { rowCount } = await tx.client.query(
          `update ${s}.notifications set pending = $3, attempt = $4, next_attempt_at = $5, status = $6, last_error = $7,
              lease = null
            where notification_id = $1 and lease = $2`,
          [
            notificationId,
            lease,
            JSON.stringify(next ?? claimed.pending),
            next?.attempt ?? outcome.attempt,
            next?.dueAt ?? now,
            status,
            outcome.status === 'failed' ? outcome.errorCode : null,
          ],
        );
        if (rowCount === 0) return; // the lease ended and another relay took the row: its record stands
        await tx.append(notificationStreamId(notificationId), recorded, {
          expectedVersion: 'any',
          metadata: {
            orgUnit: claimed.org_unit,
            actor: { kind: 'service', id: 'reporting-notifier' },
            correlationId: claimed.incident_id ?? notificationId,
          },
        });
      });
    }
    return attempted;
  }
}
