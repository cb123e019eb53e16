import type { z } from 'zod';
import type {
  EventData,
  NotificationAttempted,
  NotificationDelivered,
  NotificationFailed,
} from '@yuqing/contracts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import { DeliveryError, type ChannelAdapter, type DeliveryReceipt } from './delivery';
import { notificationMetrics } from './metrics';
import {
  notificationAddressSchema,
  notificationSchema,
  type Notification,
  type NotificationAddress,
  type NotificationChannel,
} from './notification';

// The dispatcher sends one notification over its channel, attempt by attempt, and reports every attempt to a
// sink shaped as the reporting events, which the service appends. `attemptOnce` is the whole of one step:
// the service persists the `next` pending state it returns (with the events) and calls it again when due, so
// a restart between attempts loses nothing. `dispatch` is that loop in memory, for callers that need no
// persistence.

export type NotificationAttemptedData = EventData<typeof NotificationAttempted>;
export type NotificationDeliveredData = EventData<typeof NotificationDelivered>;
export type NotificationFailedData = EventData<typeof NotificationFailed>;

/** Where attempts are reported: one call each, data exactly as the NotificationAttempted/Delivered/Failed events carry it. */
export interface NotificationSink {
  attempted(data: NotificationAttemptedData): void | Promise<void>;
  delivered(data: NotificationDeliveredData): void | Promise<void>;
  failed(data: NotificationFailedData): void | Promise<void>;
}

/** A notification waiting for its next attempt: plain JSON, to persist and resume from. */
export interface PendingNotification {
  readonly notification: Notification;
  readonly address: NotificationAddress;
  /** The number of the next attempt, 1 for the first. */
  readonly attempt: number;
  /** Not before this instant (ISO 8601). */
  readonly dueAt: string;
}

export type AttemptOutcome =
  | {
      readonly status: 'delivered';
      readonly attempt: number;
      readonly deliveredAt: string;
      readonly providerMessageId?: string;
    }
  | {
      readonly status: 'failed';
      readonly attempt: number;
      readonly errorCode: string;
      readonly errorMessage: string;
      readonly transient: boolean;
      readonly willRetry: boolean;
      readonly nextAttemptAt?: string;
    };

export interface AttemptResult {
  readonly outcome: AttemptOutcome;
  /** What to persist and attempt at `next.dueAt`; null when done (delivered, or failed for good). */
  readonly next: PendingNotification | null;
}

/** Where `dispatch` stopped: `outcome` is the last attempt's (none if aborted before the first). */
export interface DispatchResult {
  readonly outcome?: AttemptOutcome;
  readonly next: PendingNotification | null;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface NotificationDispatcherOptions {
  /** One adapter per configured channel; a notification for another channel fails permanently. */
  readonly adapters: readonly ChannelAdapter[];
  readonly sink: NotificationSink;
  readonly policy?: Partial<RetryPolicy>;
  readonly clock?: () => Date;
  /** 0 ≤ r < 1, for the jitter. */
  readonly random?: () => number;
  /** How `dispatch` waits between attempts. */
  readonly sleep?: Sleep;
}

/** A notification or address that does not validate: a bug in the caller, not a delivery failure. */
export class InvalidNotificationError extends Error {
  override readonly name = 'InvalidNotificationError';
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]*$/;

const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** The object without its undefined fields: event data carries absent fields as absent, not as undefined. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function issuePaths(error: z.ZodError): string {
  return error.issues.map((issue) => issue.path.map(String).join('.') || '(root)').join(', ');
}

/** One line of at most 500 characters, as NotificationFailed.errorMessage allows. */
function oneLine(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return (line.length > 500 ? `${line.slice(0, 499)}…` : line) || 'failed';
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  // An adapter bug or an unexpected throw: its message may hold anything, so only its class is reported.
  const name = error instanceof Error && /^[A-Za-z]{1,50}$/.test(error.name) ? error.name : 'error';
  return DeliveryError.transient('unexpected-error', `unexpected ${name} in the channel adapter`);
}

/**
 * The first pending state of a notification: validated, attempt 1, due `now`. Pure: what records a notification
 * to send later needs nothing of a dispatcher's channels.
 */
export function pendingNotification(
  notification: Notification,
  address: NotificationAddress,
  now: Date,
): PendingNotification {
  const parsed = notificationSchema.safeParse(notification);
  if (!parsed.success)
    throw new InvalidNotificationError(`invalid notification: ${issuePaths(parsed.error)}`);
  const to = notificationAddressSchema.safeParse(address);
  if (!to.success) throw new InvalidNotificationError(`invalid address: ${issuePaths(to.error)}`);
  if (to.data.channel !== parsed.data.channel) {
    throw new InvalidNotificationError(
      `a ${parsed.data.channel} notification was given a ${to.data.channel} address`,
    );
  }
  return { notification: parsed.data, address: to.data, attempt: 1, dueAt: now.toISOString() };
}

export class NotificationDispatcher {
  private readonly adapters: ReadonlyMap<NotificationChannel, ChannelAdapter>;
  private readonly policy: RetryPolicy;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly sleep: Sleep;

  constructor(private readonly options: NotificationDispatcherOptions) {
    this.adapters = new Map(options.adapters.map((adapter) => [adapter.channel, adapter]));
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    // The events number attempts up to 100.
    this.policy = { ...policy, maxAttempts: Math.min(100, Math.max(1, Math.floor(policy.maxAttempts))) };
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** The first pending state of a notification: validated, attempt 1, due now. */
  pending(notification: Notification, address: NotificationAddress): PendingNotification {
    return pendingNotification(notification, address, this.clock());
  }

  /**
   * One attempt: reports it as attempted, sends, reports delivered or failed (with whether and when it will be
   * retried), and returns the state to resume from. A sink that throws stops the step: if `attempted` cannot
   * be recorded nothing is sent; if the outcome cannot be, the caller still holds `pending` and repeats it
   * (receivers dedupe on the notification id).
   */
  async attemptOnce(pending: PendingNotification): Promise<AttemptResult> {
    const { notification, address, attempt } = pending;
    const { channel } = notification;
    await this.options.sink.attempted(
      compact({
        notificationId: notification.id,
        purpose: notification.purpose,
        recipient: notification.recipient,
        channel,
        attempt,
        incidentId: notification.incidentId,
        obligationId: notification.obligationId,
      }),
    );

    const started = process.hrtime.bigint();
    let receipt: DeliveryReceipt | undefined;
    let failure: DeliveryError | undefined;
    try {
      receipt = await this.sendOnce(notification, address, attempt);
    } catch (error) {
      failure = asDeliveryError(error);
    }
    notificationMetrics.sendSeconds().observe({ channel }, Number(process.hrtime.bigint() - started) / 1e9);

    if (receipt) {
      const outcome: AttemptOutcome = compact({
        status: 'delivered',
        attempt,
        deliveredAt: receipt.deliveredAt.toISOString(),
        providerMessageId: receipt.providerMessageId,
      });
      await this.options.sink.delivered(
        compact({
          notificationId: notification.id,
          channel,
          attempt,
          deliveredAt: outcome.deliveredAt,
          providerMessageId: outcome.providerMessageId,
        }),
      );
      notificationMetrics.attempts().inc({ channel, outcome: 'delivered' });
      return { outcome, next: null };
    }

    const error = failure ?? DeliveryError.transient('unexpected-error', 'the adapter returned nothing');
    const willRetry = error.transient && attempt < this.policy.maxAttempts;
    const nextAttemptAt = willRetry
      ? new Date(
          this.clock().getTime() + backoffDelayMs(attempt, this.policy, this.random, error.retryAfterMs),
        ).toISOString()
      : undefined;
    const outcome: AttemptOutcome = compact({
      status: 'failed',
      attempt,
      errorCode: CODE.test(error.code) ? error.code.slice(0, 100) : 'unknown-error',
      errorMessage: oneLine(error.message),
      transient: error.transient,
      willRetry,
      nextAttemptAt,
    });
    await this.options.sink.failed(
      compact({
        notificationId: notification.id,
        channel,
        attempt,
        errorCode: outcome.errorCode,
        errorMessage: outcome.errorMessage,
        willRetry,
        nextAttemptAt,
      }),
    );
    notificationMetrics.attempts().inc({ channel, outcome: willRetry ? 'retrying' : 'failed' });
    return {
      outcome,
      next: willRetry && nextAttemptAt ? { ...pending, attempt: attempt + 1, dueAt: nextAttemptAt } : null,
    };
  }

  /**
   * Attempts until delivered or failed for good, waiting out the backoff in between. With `signal`, it stops
   * before the next attempt when aborted and returns the pending state, which the caller persists to resume.
   */
  async dispatch(
    notification: Notification,
    address: NotificationAddress,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<DispatchResult> {
    return this.resume(this.pending(notification, address), options);
  }

  /** Continues from a persisted pending state: waits until it is due, then as `dispatch`. */
  async resume(
    pending: PendingNotification,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<DispatchResult> {
    let current = pending;
    let last: AttemptOutcome | undefined;
    for (;;) {
      const wait = Date.parse(current.dueAt) - this.clock().getTime();
      if (wait > 0) await this.sleep(wait, options.signal);
      if (options.signal?.aborted) return { outcome: last, next: current };
      const result = await this.attemptOnce(current);
      if (!result.next) return result;
      last = result.outcome;
      current = result.next;
    }
  }

  private async sendOnce(
    notification: Notification,
    address: NotificationAddress,
    attempt: number,
  ): Promise<DeliveryReceipt> {
    const adapter = this.adapters.get(notification.channel);
    if (!adapter) {
      throw DeliveryError.permanent(
        'channel-not-configured',
        `no ${notification.channel} channel is configured in this notifier`,
      );
    }
    if (address.channel !== notification.channel) {
      throw DeliveryError.permanent(
        'address-channel-mismatch',
        `the address is not for ${notification.channel}`,
      );
    }
    return adapter.send(notification, address, { attempt });
  }
}
