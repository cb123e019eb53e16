import type { ChannelAdapter, DeliveryReceipt } from '../delivery';
import type { AddressOf, Notification } from '../notification';
import { postToRobot, truncateUtf8, type RobotErrcodeRules } from './robot';

// WeCom group robot (企业微信群机器人): the key in the webhook URL is the only credential, so the URL is a
// secret. Text messages are capped at 2048 bytes of UTF-8, markdown at 4096.

export const WECOM_ERRCODES: RobotErrcodeRules = {
  prefix: 'wecom',
  transient: new Map([
    [-1, { reason: 'system busy (系统繁忙)' }],
    [45009, { reason: 'rate-limited, more than 20 a minute (接口调用超过限制)', retryAfterMs: 60_000 }],
    [45033, { reason: 'too many concurrent calls (接口并发调用超过限制)', retryAfterMs: 10_000 }],
  ]),
  permanent: new Map([
    [93000, 'invalid webhook URL or key (机器人 webhook 地址无效)'],
    [93004, 'the robot was removed or disabled'],
    [40008, 'invalid message type'],
    [44004, 'the content is empty'],
    [45002, 'the content is too long'],
  ]),
};

export interface WeComRobotSettings {
  /** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` (a credential: never logged). */
  readonly url: string;
  /** `text` (default; can @-mention by mobile) or `markdown` (the subject in bold). */
  readonly format?: 'text' | 'markdown';
  readonly timeoutMs?: number;
  readonly allowPrivateHosts?: readonly string[];
  readonly clock?: () => Date;
}

export class WeComRobotAdapter implements ChannelAdapter<AddressOf<'wecom'>> {
  readonly channel = 'wecom' as const;

  constructor(private readonly settings: WeComRobotSettings) {}

  async send(notification: Notification, address: AddressOf<'wecom'>): Promise<DeliveryReceipt> {
    const clock = this.settings.clock ?? (() => new Date());
    const message =
      this.settings.format === 'markdown'
        ? {
            msgtype: 'markdown',
            markdown: { content: truncateUtf8(`**${notification.subject}**\n${notification.text}`, 4096) },
          }
        : {
            msgtype: 'text',
            text: {
              content: truncateUtf8(`${notification.subject}\n${notification.text}`, 2048),
              mentioned_mobile_list: address.mentionedMobiles ?? [],
            },
          };
    await postToRobot(
      this.settings.url,
      message,
      { timeoutMs: this.settings.timeoutMs, allowPrivateHosts: this.settings.allowPrivateHosts },
      WECOM_ERRCODES,
      clock,
    );
    return { deliveredAt: clock() };
  }
}
