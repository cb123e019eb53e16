import nodemailer from 'nodemailer';
import type { NodemailerError, SMTPTransportOptions } from 'nodemailer';
import type { ChannelAdapter, DeliveryReceipt } from '../delivery';
import { DeliveryError } from '../delivery';
import type { AddressOf, Notification } from '../notification';
import { providerMessageId } from '../provider-id';

// E-mail over SMTP through the office's relay. The relay is usually on the intranet, so unlike the HTTP
// channels there is no internal-address guard: the operator names it, and nothing user-supplied reaches it.

export interface SmtpEmailSettings {
  /** `smtp://user:pass@host:587` / `smtps://…:465`, or nodemailer's SMTP options. */
  readonly smtp: string | SMTPTransportOptions;
  /** The sender, e.g. `舆情监测平台 <yuqing@example.gov.cn>`. */
  readonly from: string;
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
}

// Failures without an SMTP reply that retrying will not cure: credentials, configuration, TLS policy.
const PERMANENT_CODES = new Set([
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EENVELOPE',
  'EMESSAGE',
  'ETLS',
  'EREQUIRETLS',
]);

/** A nodemailer error as a DeliveryError; SMTP replies are classified by RFC 5321 (5yz permanent, 4yz not). */
export function classifySmtpError(error: unknown): DeliveryError {
  const { code, originalCode, responseCode, permanent, command } = (error ?? {}) as NodemailerError;
  // Only the command name: the server's reply text can quote the recipient's address.
  const verb = typeof command === 'string' && /^[A-Z][A-Z ]{0,20}$/.test(command) ? ` to ${command}` : '';
  if (typeof responseCode === 'number') {
    const isPermanent = permanent ?? (responseCode >= 500 && responseCode < 600 && responseCode !== 503);
    const message = `the SMTP server answered ${responseCode}${verb}`;
    return isPermanent
      ? DeliveryError.permanent(`smtp-${responseCode}`, message)
      : DeliveryError.transient(`smtp-${responseCode}`, message);
  }
  const name = typeof originalCode === 'string' ? originalCode : typeof code === 'string' ? code : 'error';
  const stable = `smtp-${name.toLowerCase().replace(/[^a-z0-9_-]/g, '')}`;
  return typeof code === 'string' && PERMANENT_CODES.has(code)
    ? DeliveryError.permanent(stable, `SMTP failed: ${name}`)
    : DeliveryError.transient(stable, `SMTP failed: ${name}`);
}

function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'yuqing.invalid';
}

export class SmtpEmailAdapter implements ChannelAdapter<AddressOf<'email'>> {
  readonly channel = 'email' as const;
  private readonly transporter: ReturnType<typeof nodemailer.createTransport>;

  constructor(private readonly settings: SmtpEmailSettings) {
    const timeoutMs = settings.timeoutMs ?? 30_000;
    const base: SMTPTransportOptions =
      typeof settings.smtp === 'string' ? { url: settings.smtp } : settings.smtp;
    this.transporter = nodemailer.createTransport({
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      ...base,
    });
  }

  async send(notification: Notification, address: AddressOf<'email'>): Promise<DeliveryReceipt> {
    const clock = this.settings.clock ?? (() => new Date());
    try {
      const info = await this.transporter.sendMail({
        from: this.settings.from,
        to: address.to,
        subject: notification.subject,
        text: notification.text,
        // One Message-ID per notification, kept across retries, so a retry after a lost reply reads as the same
        // message to clients that deduplicate.
        messageId: `<${notification.id}@${senderDomain(this.settings.from)}>`,
        headers: { 'X-Yuqing-Notification': notification.id },
      });
      // A partial rejection still delivered to the others; the rejected mailboxes would refuse a retry too.
      if (info.accepted.length === 0) {
        throw DeliveryError.permanent(
          'smtp-all-recipients-rejected',
          'the SMTP server accepted no recipient',
        );
      }
      return { deliveredAt: clock(), providerMessageId: providerMessageId(info.messageId) };
    } catch (error) {
      throw error instanceof DeliveryError ? error : classifySmtpError(error);
    }
  }

  close(): void {
    this.transporter.close();
  }
}
