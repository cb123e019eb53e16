import { z } from 'zod';
import { isOrgUnitPath, jwksUrlSchema } from '@yuqing/auth';
import { flag, serviceConfigSchema } from '@yuqing/config';
import { notificationConfigShape, refineNotificationConfig } from '@yuqing/reporting-notifications';

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

/** The reporting service's variables on top of every service's (and the notifier's: SMTP, webhooks, SMS). */
export const reportingConfigSchema = serviceConfigSchema
  .extend({
    /** Schema of this service's events and read models. */
    REPORTING_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .default('reporting'),
    AUTH_ISSUER: z.url().default('http://127.0.0.1:3000'),
    AUTH_AUDIENCE: z.string().min(1).max(200).default('yuqing'),
    AUTH_JWKS_URL: jwksUrlSchema.default('http://127.0.0.1:3000/.well-known/jwks.json'),
    /** A JSON reporting policy (报送规则) replacing the default one; see docs/reporting.md. */
    REPORTING_POLICY_FILE: z.string().min(1).optional(),
    /**
     * Names of org units for documents (编印单位, 报送对象), as JSON: `{"cn.yn.km.yl":"宜良县委网信办"}`. A unit not
     * named shows its id. The names belong to identity; this keeps the documents readable without a copy of the tree.
     */
    REPORTING_OFFICE_NAMES: z
      .string()
      .max(100_000)
      .default('{}')
      .transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not JSON' });
          return z.NEVER;
        }
      })
      .pipe(
        z.record(
          z.string().refine(isOrgUnitPath, 'keys must be org unit ids, e.g. cn.yn.km.yl'),
          z.string().min(1).max(60),
        ),
      ),
    /** Run the deadline watcher in this instance (every instance may: claims are SKIP LOCKED). */
    DEADLINE_WATCHER: z.enum(['on', 'off']).default('on'),
    WATCHER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /** Run the notification dispatcher in this instance. */
    NOTIFIER: z.enum(['on', 'off']).default('on'),
    NOTIFIER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /** 值班: how long the monitor on duty has to acknowledge an alert before it escalates (ISO 8601, e.g. PT5M). */
    DUTY_ESCALATE_AFTER: z
      .string()
      .regex(/^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/, 'an ISO 8601 duration such as PT5M')
      .optional(),
    /** Channels every notification goes out on, among those configured (webhook, email, dingtalk, wecom, sms). */
    NOTIFY_CHANNELS: list.pipe(z.array(z.enum(['webhook', 'email', 'dingtalk', 'wecom', 'sms'])).max(5)),
    /** Where e-mail notifications go (a duty desk's mailbox), and SMS ones. */
    NOTIFY_EMAIL_TO: list.pipe(z.array(z.email()).max(50)),
    NOTIFY_SMS_TO: list.pipe(z.array(z.string().regex(/^\+?[0-9]{5,20}$/, 'must be phone numbers')).max(50)),
    /** Load demo incidents with countdowns and an overdue one (set by `npm start`). */
    YUQING_DEMO: flag,
    ...notificationConfigShape,
  })
  .superRefine((config, ctx) => {
    refineNotificationConfig(config, ctx);
    const configured = {
      webhook: config.NOTIFY_WEBHOOK_URL,
      email: config.SMTP_URL ?? config.SMTP_HOST,
      dingtalk: config.DINGTALK_ROBOT_URL,
      wecom: config.WECOM_ROBOT_URL,
      sms: config.SMS_GATEWAY_URL,
    };
    for (const channel of config.NOTIFY_CHANNELS) {
      if (configured[channel] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['NOTIFY_CHANNELS'],
          message: `names ${channel}, which is not configured`,
        });
      }
    }
    if (config.NOTIFY_CHANNELS.includes('email') && config.NOTIFY_EMAIL_TO.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_EMAIL_TO'],
        message: 'is required when e-mail notifications are on',
      });
    }
    if (config.NOTIFY_CHANNELS.includes('sms') && config.NOTIFY_SMS_TO.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_SMS_TO'],
        message: 'is required when SMS notifications are on',
      });
    }
  });

export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
