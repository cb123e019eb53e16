import { z } from 'zod';
import { NotificationAttempted, type EventData } from '@yuqing/contracts';

// The notification as the dispatcher sends it. Its vocabulary (purpose, recipient, channel) is the contract's,
// so what the service records in NotificationAttempted/Delivered/Failed can never drift from what was sent.

type AttemptedData = EventData<typeof NotificationAttempted>;
export type NotificationChannel = AttemptedData['channel'];
export type NotificationPurpose = AttemptedData['purpose'];
export type NotificationRecipient = AttemptedData['recipient'];

const attemptedShape = NotificationAttempted.schema.shape;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Template variables go into SMS text: short, single-line values only.
const templateValue = z
  .string()
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line');

export const notificationSchema = z.object({
  /** The notification id (UUIDv7 from the service); also the idempotency key receivers dedupe on. */
  id: z.string().regex(UUID, 'must be a UUID'),
  purpose: attemptedShape.purpose,
  recipient: attemptedShape.recipient,
  channel: attemptedShape.channel,
  /** Subject line (Chinese), e.g. 【报送提醒】某镇舆情快报 30 分钟内到期. */
  subject: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line'),
  /** Body text (Chinese); line breaks allowed. */
  text: z.string().min(1).max(4000),
  incidentId: attemptedShape.incidentId,
  obligationId: attemptedShape.obligationId,
  /** Values for `${name}` placeholders of the channel's template (SMS). */
  templateVars: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), templateValue).optional(),
});

export type Notification = z.infer<typeof notificationSchema>;

const mobile = z.string().regex(/^\+?[0-9]{5,20}$/, 'must be a phone number');

/**
 * Where a notification goes, resolved by the service from its directory. One address may name several
 * destinations (an e-mail to a duty desk's members, an SMS to its phones): one send, one provider call.
 * Addresses stay in the notifier: they are never put into events or error messages.
 */
export const notificationAddressSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), to: z.array(z.email()).min(1).max(50) }),
  z.object({ channel: z.literal('sms'), phones: z.array(mobile).min(1).max(50) }),
  /** The operator-configured endpoint (NOTIFY_WEBHOOK_URL); the integrator routes by recipient. */
  z.object({ channel: z.literal('webhook') }),
  /** The configured group robot; `atMobiles` @-mentions members of the group. */
  z.object({ channel: z.literal('dingtalk'), atMobiles: z.array(mobile).max(50).optional() }),
  z.object({ channel: z.literal('wecom'), mentionedMobiles: z.array(mobile).max(50).optional() }),
]);

export type NotificationAddress = z.infer<typeof notificationAddressSchema>;
export type AddressOf<C extends NotificationAddress['channel']> = Extract<
  NotificationAddress,
  { channel: C }
>;
