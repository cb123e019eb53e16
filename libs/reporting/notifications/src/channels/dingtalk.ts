import { createHmac } from 'node:crypto';
import type { ChannelAdapter, DeliveryReceipt } from '../delivery';
import type { AddressOf, Notification } from '../notification';
import { postToRobot, truncateUtf8, type RobotErrcodeRules } from './robot';

// DingTalk custom group robot (钉钉自定义机器人). With 加签 enabled the robot URL must carry
// `timestamp` (ms) and `sign` = urlencode(base64(HMAC-SHA256(key = secret, "<timestamp>\n<secret>"))).

/** The 加签 signature for a timestamp in milliseconds, base64 (not yet URL-encoded). */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot URL with `&timestamp=…&sign=…` appended (the sign URL-encoded). */
export function signDingTalkUrl(robotUrl: string, secret: string, timestampMs: number): string {
  const url = new URL(robotUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingTalkSign(secret, timestampMs));
  return url.toString();
}

export const DINGTALK_ERRCODES: RobotErrcodeRules = {
  prefix: 'dingtalk',
  transient: new Map([
    [-1, { reason: 'system busy (系统繁忙)' }],
    [130101, { reason: 'sending too fast, more than 20 a minute (发送太快)', retryAfterMs: 60_000 }],
    [410100, { reason: 'rate-limited (发送速度太快而限流)', retryAfterMs: 60_000 }],
  ]),
  permanent: new Map([
    [310000, 'security settings refused it: keyword, 加签 or IP allow-list (安全设置不匹配)'],
    [300001, 'the access token does not exist'],
    [300005, 'the access token does not exist'],
    [400101, 'the access token does not exist'],
    [400102, 'the robot is disabled (机器人已停用)'],
    [400013, 'the group was dissolved (群已被解散)'],
  ]),
};

export interface DingTalkRobotSettings {
  /** `https://oapi.dingtalk.com/robot/send?access_token=…` (a credential: never logged). */
  readonly url: string;
  /** The 加签 secret (`SEC…`), when the robot uses signing. */
  readonly secret?: string;
  readonly timeoutMs?: number;
  readonly allowPrivateHosts?: readonly string[];
  readonly clock?: () => Date;
}

/** DingTalk's text message is limited to about 20 000 bytes; stay well under it. */
const MAX_CONTENT_BYTES = 18_000;

export class DingTalkRobotAdapter implements ChannelAdapter<AddressOf<'dingtalk'>> {
  readonly channel = 'dingtalk' as const;

  constructor(private readonly settings: DingTalkRobotSettings) {}

  async send(notification: Notification, address: AddressOf<'dingtalk'>): Promise<DeliveryReceipt> {
    const clock = this.settings.clock ?? (() => new Date());
    const atMobiles = address.atMobiles ?? [];
    // DingTalk highlights an @-mention only when the content names the mobile too.
    const mentions = atMobiles.map((mobile) => `@${mobile}`).join(' ');
    const content = truncateUtf8(`${notification.subject}\n${notification.text}`, MAX_CONTENT_BYTES);
    const url = this.settings.secret
      ? signDingTalkUrl(this.settings.url, this.settings.secret, clock().getTime())
      : this.settings.url;
    await postToRobot(
      url,
      {
        msgtype: 'text',
        text: { content: mentions ? `${content}\n${mentions}` : content },
        at: { atMobiles, isAtAll: false },
      },
      { timeoutMs: this.settings.timeoutMs, allowPrivateHosts: this.settings.allowPrivateHosts },
      DINGTALK_ERRCODES,
      clock,
    );
    return { deliveredAt: clock() };
  }
}
