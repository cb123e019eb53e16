import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelAdapter, DeliveryReceipt, SendContext } from '../delivery';
import { classifyHttpStatus, guardedPost } from '../http/guarded-post';
import type { AddressOf, Notification } from '../notification';
import { parseJsonObject, providerMessageId } from '../provider-id';

// Signed webhooks (签名回调): a JSON POST whose HMAC lets the integrator check it came from this platform and
// was not replayed. The recipe is in docs/reporting-notifications.md; verifyWebhookSignature is that recipe.

export const WEBHOOK_HEADERS = {
  signature: 'X-Yuqing-Signature',
  timestamp: 'X-Yuqing-Timestamp',
  delivery: 'X-Yuqing-Delivery',
  attempt: 'X-Yuqing-Attempt',
} as const;

/** Default replay window: a receiver refuses a timestamp further than this from its clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>`: HMAC-SHA256 with the shared secret over `<timestamp>.<raw body>`. */
export function signWebhook(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

export type WebhookVerification =
  { readonly valid: true } | { readonly valid: false; readonly reason: 'malformed' | 'stale' | 'mismatch' };

/** What a receiver does: check the timestamp is fresh, then compare the HMAC in constant time. */
export function verifyWebhookSignature(input: {
  readonly secret: string;
  /** The raw request body, exactly as received. */
  readonly body: string | Buffer;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly now?: Date;
  readonly toleranceSeconds?: number;
}): WebhookVerification {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) {
    return { valid: false, reason: 'malformed' };
  }
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS)) {
    return { valid: false, reason: 'stale' };
  }
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { valid: true }
    : { valid: false, reason: 'mismatch' };
}

/** The JSON body integrators receive (version 1). */
export interface WebhookPayload {
  readonly type: 'yuqing.notification';
  readonly version: 1;
  readonly id: string;
  readonly purpose: Notification['purpose'];
  readonly recipient: Notification['recipient'];
  readonly subject: string;
  readonly text: string;
  readonly incidentId?: string;
  readonly obligationId?: string;
  readonly attempt: number;
  readonly sentAt: string;
}

export interface SignedWebhookSettings {
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs?: number;
  readonly allowPrivateHosts?: readonly string[];
  readonly clock?: () => Date;
}

export class SignedWebhookAdapter implements ChannelAdapter<AddressOf<'webhook'>> {
  readonly channel = 'webhook' as const;

  constructor(private readonly settings: SignedWebhookSettings) {}

  async send(
    notification: Notification,
    _address: AddressOf<'webhook'>,
    context: SendContext,
  ): Promise<DeliveryReceipt> {
    const clock = this.settings.clock ?? (() => new Date());
    const sentAt = clock();
    const payload: WebhookPayload = {
      type: 'yuqing.notification',
      version: 1,
      id: notification.id,
      purpose: notification.purpose,
      recipient: notification.recipient,
      subject: notification.subject,
      text: notification.text,
      incidentId: notification.incidentId,
      obligationId: notification.obligationId,
      attempt: context.attempt,
      sentAt: sentAt.toISOString(),
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(sentAt.getTime() / 1000));
    const result = await guardedPost(this.settings.url, body, {
      timeoutMs: this.settings.timeoutMs,
      allowPrivateHosts: this.settings.allowPrivateHosts,
      headers: {
        [WEBHOOK_HEADERS.signature]: signWebhook(this.settings.secret, timestamp, body),
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        // Stable across retries: the receiver's idempotency key.
        [WEBHOOK_HEADERS.delivery]: notification.id,
        [WEBHOOK_HEADERS.attempt]: String(context.attempt),
      },
    });
    const refused = classifyHttpStatus(result, clock());
    if (refused) throw refused;
    return { deliveredAt: clock(), providerMessageId: providerMessageId(parseJsonObject(result.body)?.id) };
  }
}
