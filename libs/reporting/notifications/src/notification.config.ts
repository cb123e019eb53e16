import { z } from 'zod';
import { NotificationAttempted } from '@yuqing/contracts';
import type { RetryPolicy } from './backoff';
import type { SmtpEmailSettings } from './channels/email';
import type { DingTalkRobotSettings } from './channels/dingtalk';
import type { SmsGatewaySettings } from './channels/sms';
import { smsTemplateSchema } from './channels/sms-template';
import type { SignedWebhookSettings } from './channels/webhook';
import type { WeComRobotSettings } from './channels/wecom';

// The notifier's environment. A channel is on when its URL is set. The service merges the shape into its own
// schema and applies the cross-checks:
//   serviceConfigSchema.extend(notificationConfigShape).superRefine(refineNotificationConfig)
// so a bad variable stops it with one line naming the variable (loadConfig never echoes values: these hold
// passwords, tokens and robot keys).

/** An unset variable and an empty one (`SMTP_URL=` in an env file) both mean "not configured". */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const purpose = NotificationAttempted.schema.shape.purpose;

const smsTemplates = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be JSON: {"<purpose>": {"templateId": "…", "text": "…"}}',
      });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(purpose, smsTemplateSchema.strict()));

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

export const notificationConfigShape = {
  /** `smtp://user:pass@host:587` or `smtps://user:pass@host:465`; or SMTP_HOST and the rest. */
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
  SMTP_HOST: optional(z.string().min(1).max(255)),
  SMTP_PORT: optional(int(1, 65535)),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  SMTP_SECURE: optional(flag),
  SMTP_USER: optional(z.string().min(1).max(320)),
  SMTP_PASS: optional(z.string().min(1).max(1000)),
  /** The sender, e.g. `舆情监测平台 <yuqing@example.gov.cn>`. */
  NOTIFY_EMAIL_FROM: optional(z.string().min(3).max(320).regex(/@/, 'must be an e-mail address')),
  NOTIFY_WEBHOOK_URL: optional(httpUrl),
  /** The HMAC key integrators verify with: at least 32 characters. */
  NOTIFY_WEBHOOK_SECRET: optional(z.string().min(32, 'must be at least 32 characters').max(1000)),
  /** `https://oapi.dingtalk.com/robot/send?access_token=…` */
  DINGTALK_ROBOT_URL: optional(httpUrl),
  /** The robot's 加签 secret (`SEC…`), when signing is on. */
  DINGTALK_ROBOT_SECRET: optional(z.string().min(8).max(1000)),
  /** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…` */
  WECOM_ROBOT_URL: optional(httpUrl),
  WECOM_MESSAGE_TYPE: z.enum(['text', 'markdown']).default('text'),
  SMS_GATEWAY_URL: optional(httpUrl),
  SMS_GATEWAY_TOKEN: optional(z.string().min(1).max(2000)),
  /** `Authorization` (sends `Bearer <token>`) or another header that takes the token as is, e.g. X-Api-Key. */
  SMS_GATEWAY_AUTH_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name')
    .default('Authorization'),
  /** JSON: per purpose, the gateway's template id and its text with `${name}` placeholders. */
  SMS_TEMPLATES: optional(smsTemplates),
  /** Attempts in all, the first included. */
  NOTIFY_MAX_ATTEMPTS: int(1, 100).default(6),
  /** Delay before the second attempt; it doubles each time, with jitter, up to NOTIFY_BACKOFF_MAX_MS. */
  NOTIFY_BACKOFF_BASE_MS: int(1, 3_600_000).default(30_000),
  NOTIFY_BACKOFF_MAX_MS: int(1, 86_400_000).default(900_000),
  /** Time one HTTP or SMTP exchange may take. */
  NOTIFY_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** Hosts (or host:port) the HTTP channels may reach although they resolve to internal addresses. */
  NOTIFY_ALLOW_PRIVATE_HOSTS: list,
};

type Shape = typeof notificationConfigShape;
export type NotificationConfig = z.output<z.ZodObject<Shape>>;

/** The checks that span variables: what a channel needs once its URL is set. */
export function refineNotificationConfig(config: NotificationConfig, ctx: z.RefinementCtx): void {
  const need = (variable: keyof NotificationConfig, present: unknown, message: string) => {
    if (present === undefined) ctx.addIssue({ code: 'custom', path: [variable], message });
  };
  if (config.SMTP_URL !== undefined && config.SMTP_HOST !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['SMTP_HOST'], message: 'must not be set together with SMTP_URL' });
  }
  if (config.SMTP_URL !== undefined || config.SMTP_HOST !== undefined) {
    need('NOTIFY_EMAIL_FROM', config.NOTIFY_EMAIL_FROM, 'is required when SMTP is configured');
  }
  if (config.SMTP_USER !== undefined) need('SMTP_PASS', config.SMTP_PASS, 'is required with SMTP_USER');
  if (config.NOTIFY_WEBHOOK_URL !== undefined) {
    need('NOTIFY_WEBHOOK_SECRET', config.NOTIFY_WEBHOOK_SECRET, 'is required with NOTIFY_WEBHOOK_URL');
  }
  if (config.SMS_GATEWAY_URL !== undefined) {
    need('SMS_GATEWAY_TOKEN', config.SMS_GATEWAY_TOKEN, 'is required with SMS_GATEWAY_URL');
    need('SMS_TEMPLATES', config.SMS_TEMPLATES, 'is required with SMS_GATEWAY_URL');
  }
  if (config.NOTIFY_BACKOFF_MAX_MS < config.NOTIFY_BACKOFF_BASE_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['NOTIFY_BACKOFF_MAX_MS'],
      message: 'must not be less than NOTIFY_BACKOFF_BASE_MS',
    });
  }
}

/** The notifier's variables alone, with the cross-checks (a service extends its own schema instead). */
export const notificationConfigSchema = z
  .object(notificationConfigShape)
  .superRefine(refineNotificationConfig);

/** What the channel adapters and the dispatcher are built from. */
export interface NotificationSettings {
  readonly policy: RetryPolicy;
  readonly email?: SmtpEmailSettings;
  readonly webhook?: SignedWebhookSettings;
  readonly dingtalk?: DingTalkRobotSettings;
  readonly wecom?: WeComRobotSettings;
  readonly sms?: SmsGatewaySettings;
}

/** Maps validated variables to settings; a channel whose URL is unset is left out. */
export function notificationSettings(config: NotificationConfig): NotificationSettings {
  const http = { timeoutMs: config.NOTIFY_TIMEOUT_MS, allowPrivateHosts: config.NOTIFY_ALLOW_PRIVATE_HOSTS };
  const smtpHost = config.SMTP_HOST;
  const smtp =
    config.SMTP_URL ??
    (smtpHost === undefined
      ? undefined
      : {
          host: smtpHost,
          port: config.SMTP_PORT ?? (config.SMTP_SECURE ? 465 : 587),
          secure: config.SMTP_SECURE ?? config.SMTP_PORT === 465,
          auth:
            config.SMTP_USER !== undefined
              ? { user: config.SMTP_USER, pass: config.SMTP_PASS ?? '' }
              : undefined,
        });
  return {
    policy: {
      maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
      baseDelayMs: config.NOTIFY_BACKOFF_BASE_MS,
      maxDelayMs: config.NOTIFY_BACKOFF_MAX_MS,
      jitter: 0.5,
    },
    email:
      smtp !== undefined && config.NOTIFY_EMAIL_FROM !== undefined
        ? { smtp, from: config.NOTIFY_EMAIL_FROM, timeoutMs: config.NOTIFY_TIMEOUT_MS }
        : undefined,
    webhook:
      config.NOTIFY_WEBHOOK_URL !== undefined && config.NOTIFY_WEBHOOK_SECRET !== undefined
        ? { url: config.NOTIFY_WEBHOOK_URL, secret: config.NOTIFY_WEBHOOK_SECRET, ...http }
        : undefined,
    dingtalk:
      config.DINGTALK_ROBOT_URL !== undefined
        ? { url: config.DINGTALK_ROBOT_URL, secret: config.DINGTALK_ROBOT_SECRET, ...http }
        : undefined,
    wecom:
      config.WECOM_ROBOT_URL !== undefined
        ? { url: config.WECOM_ROBOT_URL, format: config.WECOM_MESSAGE_TYPE, ...http }
        : undefined,
    sms:
      config.SMS_GATEWAY_URL !== undefined &&
      config.SMS_GATEWAY_TOKEN !== undefined &&
      config.SMS_TEMPLATES !== undefined
        ? {
            url: config.SMS_GATEWAY_URL,
            token: config.SMS_GATEWAY_TOKEN,
            authHeader: config.SMS_GATEWAY_AUTH_HEADER,
            templates: config.SMS_TEMPLATES,
            ...http,
          }
        : undefined,
  };
}
