import type { ChannelAdapter, DeliveryReceipt } from '../delivery';
import { DeliveryError } from '../delivery';
import { classifyHttpStatus, guardedPost } from '../http/guarded-post';
import type { AddressOf, Notification, NotificationPurpose } from '../notification';
import { parseJsonObject, providerMessageId } from '../provider-id';
import { renderTemplate, type SmsTemplate } from './sms-template';

// A generic SMS-gateway adapter: most carrier and cloud SMS services sit behind an in-house gateway with a
// small JSON API, so the contract is ours (documented in docs/reporting-notifications.md), not a vendor's.

export interface SmsGatewaySettings {
  readonly url: string;
  readonly token: string;
  /** Header that carries the token: `Authorization` (sent as `Bearer <token>`) or e.g. `X-Api-Key` (raw). */
  readonly authHeader?: string;
  /** One template per purpose; a purpose without one cannot go by SMS. */
  readonly templates: Partial<Record<NotificationPurpose, SmsTemplate>>;
  readonly timeoutMs?: number;
  readonly allowPrivateHosts?: readonly string[];
  readonly clock?: () => Date;
}

/** What the gateway receives. */
export interface SmsGatewayRequest {
  readonly to: readonly string[];
  readonly templateId: string;
  readonly params: Readonly<Record<string, string>>;
  /** The template rendered with params, for gateways that send text. */
  readonly content: string;
  /** The notification id: the gateway's idempotency key. */
  readonly reference: string;
}

const SUCCESS_CODES = new Set(['0', 'ok', 'success', '200']);

export class SmsGatewayAdapter implements ChannelAdapter<AddressOf<'sms'>> {
  readonly channel = 'sms' as const;

  constructor(private readonly settings: SmsGatewaySettings) {}

  async send(notification: Notification, address: AddressOf<'sms'>): Promise<DeliveryReceipt> {
    const clock = this.settings.clock ?? (() => new Date());
    const template = this.settings.templates[notification.purpose];
    if (!template) {
      throw DeliveryError.permanent(
        'sms-template-missing',
        `no SMS template for purpose ${notification.purpose} (SMS_TEMPLATES)`,
      );
    }
    const params = notification.templateVars ?? {};
    const rendered = renderTemplate(template.text, params);
    if (rendered.missing.length > 0) {
      throw DeliveryError.permanent(
        'sms-template-variable-missing',
        `template ${template.templateId} needs ${rendered.missing.join(', ')}`,
      );
    }
    const request: SmsGatewayRequest = {
      to: address.phones,
      templateId: template.templateId,
      params,
      content: rendered.text,
      reference: notification.id,
    };
    const header = this.settings.authHeader ?? 'Authorization';
    const result = await guardedPost(this.settings.url, JSON.stringify(request), {
      timeoutMs: this.settings.timeoutMs,
      allowPrivateHosts: this.settings.allowPrivateHosts,
      headers: {
        [header]:
          header.toLowerCase() === 'authorization' ? `Bearer ${this.settings.token}` : this.settings.token,
      },
    });
    const refused = classifyHttpStatus(result, clock());
    if (refused)
      throw refused.code === 'http-401' || refused.code === 'http-403' ? authRefused(refused) : refused;
    const answer = parseJsonObject(result.body) ?? {};
    // A gateway that answers 2xx with a failure code refused the message itself (bad number, template, content).
    const code = answer.code ?? answer.status;
    if (
      answer.success === false ||
      answer.ok === false ||
      (code !== undefined && !SUCCESS_CODES.has(String(code).toLowerCase()))
    ) {
      const stable = providerMessageId(code) ?? 'refused';
      throw DeliveryError.permanent(
        `sms-gateway-${stable}`.slice(0, 100),
        `the SMS gateway refused the message (${stable})`,
      );
    }
    return {
      deliveredAt: clock(),
      providerMessageId: providerMessageId(answer.messageId ?? answer.id ?? answer.bizId ?? answer.requestId),
    };
  }
}

function authRefused(error: DeliveryError): DeliveryError {
  return DeliveryError.permanent(error.code, `${error.message}: check SMS_GATEWAY_TOKEN`);
}
