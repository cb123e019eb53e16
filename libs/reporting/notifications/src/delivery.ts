import type { Notification, NotificationAddress, NotificationChannel } from './notification';

/** What a channel confirms when it accepted a notification. */
export interface DeliveryReceipt {
  /** The provider's id for the message (SMTP Message-ID, gateway id), when it gives one. */
  readonly providerMessageId?: string;
  readonly deliveredAt: Date;
}

/** Per-attempt context an adapter may put on the wire (e.g. an attempt header). */
export interface SendContext {
  readonly attempt: number;
}

/** One delivery channel. `send` resolves with a receipt or rejects with a DeliveryError. */
export interface ChannelAdapter<A extends NotificationAddress = NotificationAddress> {
  readonly channel: NotificationChannel & A['channel'];
  send(notification: Notification, address: A, context: SendContext): Promise<DeliveryReceipt>;
}

/**
 * A failed send, classified. `transient` failures are retried (the receiver may come back); permanent ones are
 * not (the same request would be refused again). `code` is stable and machine-readable; `message` is written by
 * this library, never copied from a provider or the network stack, so it cannot carry an address or a secret.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    readonly code: string,
    readonly transient: boolean,
    message: string,
    /** A delay the receiver asked for (Retry-After), honoured up to the backoff cap. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  static transient(code: string, message: string, retryAfterMs?: number): DeliveryError {
    return new DeliveryError(code, true, message, retryAfterMs);
  }

  static permanent(code: string, message: string): DeliveryError {
    return new DeliveryError(code, false, message);
  }
}
