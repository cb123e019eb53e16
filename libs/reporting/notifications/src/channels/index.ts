import type { ChannelAdapter } from '../delivery';
import type { NotificationSettings } from '../notification.config';
import { DingTalkRobotAdapter } from './dingtalk';
import { SmtpEmailAdapter } from './email';
import { SmsGatewayAdapter } from './sms';
import { SignedWebhookAdapter } from './webhook';
import { WeComRobotAdapter } from './wecom';

/** The adapters of the configured channels, and a close() for the SMTP transport's sockets. */
export function createChannelAdapters(
  settings: NotificationSettings,
  options: { readonly clock?: () => Date } = {},
): { readonly adapters: ChannelAdapter[]; close(): void } {
  const clock = options.clock;
  const email = settings.email && new SmtpEmailAdapter({ ...settings.email, clock });
  const adapters: ChannelAdapter[] = [
    ...(email ? [email] : []),
    ...(settings.webhook ? [new SignedWebhookAdapter({ ...settings.webhook, clock })] : []),
    ...(settings.dingtalk ? [new DingTalkRobotAdapter({ ...settings.dingtalk, clock })] : []),
    ...(settings.wecom ? [new WeComRobotAdapter({ ...settings.wecom, clock })] : []),
    ...(settings.sms ? [new SmsGatewayAdapter({ ...settings.sms, clock })] : []),
  ];
  return { adapters, close: () => email?.close() };
}
