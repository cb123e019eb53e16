import { ConfigError, loadConfig, serviceConfigSchema } from '@yuqing/config';
import {
  notificationConfigSchema,
  notificationConfigShape,
  notificationSettings,
  refineNotificationConfig,
} from './notification.config';

const secret = 'whsec-0123456789abcdef0123456789abcdef';
const templates = JSON.stringify({
  'deadline-reminder': { templateId: 'SMS_0001', text: '【舆情监测】${incident}将于${dueAt}到期' },
});

function reason(env: Record<string, string>): string {
  try {
    loadConfig(notificationConfigSchema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('notification config', () => {
  it('needs nothing: every channel is off until its URL is set', () => {
    const config = loadConfig(notificationConfigSchema, {});
    expect(config).toMatchObject({
      NOTIFY_MAX_ATTEMPTS: 6,
      NOTIFY_BACKOFF_BASE_MS: 30_000,
      NOTIFY_ALLOW_PRIVATE_HOSTS: [],
    });
    const settings = notificationSettings(config);
    expect(settings.policy).toEqual({
      maxAttempts: 6,
      baseDelayMs: 30_000,
      maxDelayMs: 900_000,
      jitter: 0.5,
    });
    expect([settings.email, settings.webhook, settings.dingtalk, settings.wecom, settings.sms]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(
      loadConfig(notificationConfigSchema, { SMTP_URL: '', NOTIFY_WEBHOOK_URL: '' }).SMTP_URL,
    ).toBeUndefined();
  });

  it('builds every channel from its variables', () => {
    const config = loadConfig(notificationConfigSchema, {
      SMTP_HOST: 'mail.example.gov.cn',
      SMTP_USER: 'yuqing',
      SMTP_PASS: 'hunter2',
      NOTIFY_EMAIL_FROM: '舆情监测平台 <yuqing@example.gov.cn>',
      NOTIFY_WEBHOOK_URL: 'https://oa.example.gov.cn/hooks/yuqing',
      NOTIFY_WEBHOOK_SECRET: secret,
      DINGTALK_ROBOT_URL: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      DINGTALK_ROBOT_SECRET: 'SECabcdef123456',
      WECOM_ROBOT_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      WECOM_MESSAGE_TYPE: 'markdown',
      SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send',
      SMS_GATEWAY_TOKEN: 'tok',
      SMS_TEMPLATES: templates,
      NOTIFY_ALLOW_PRIVATE_HOSTS: 'oa.example.gov.cn, 10.0.0.8:8080',
      NOTIFY_TIMEOUT_MS: '5000',
    });
    const settings = notificationSettings(config);
    expect(settings.email).toEqual({
      smtp: {
        host: 'mail.example.gov.cn',
        port: 587,
        secure: false,
        auth: { user: 'yuqing', pass: 'hunter2' },
      },
      from: '舆情监测平台 <yuqing@example.gov.cn>',
      timeoutMs: 5000,
    });
    const http = { timeoutMs: 5000, allowPrivateHosts: ['oa.example.gov.cn', '10.0.0.8:8080'] };
    expect(settings.webhook).toEqual({ url: 'https://oa.example.gov.cn/hooks/yuqing', secret, ...http });
    expect(settings.dingtalk).toMatchObject({ secret: 'SECabcdef123456', ...http });
    expect(settings.wecom).toMatchObject({ format: 'markdown' });
    expect(settings.sms).toMatchObject({
      authHeader: 'Authorization',
      templates: { 'deadline-reminder': { templateId: 'SMS_0001' } },
    });
  });

  it('takes SMTP as one URL, with TLS for smtps', () => {
    const config = loadConfig(notificationConfigSchema, {
      SMTP_URL: 'smtps://yuqing:hunter2@mail.example.gov.cn:465',
      NOTIFY_EMAIL_FROM: 'yuqing@example.gov.cn',
    });
    expect(notificationSettings(config).email?.smtp).toBe('smtps://yuqing:hunter2@mail.example.gov.cn:465');
  });

  it('names the variable a channel is missing', () => {
    expect(reason({ NOTIFY_WEBHOOK_URL: 'https://oa.example.gov.cn/h' })).toBe(
      'Invalid configuration: NOTIFY_WEBHOOK_SECRET is required',
    );
    expect(reason({ SMTP_HOST: 'mail' })).toBe('Invalid configuration: NOTIFY_EMAIL_FROM is required');
    expect(reason({ SMS_GATEWAY_URL: 'https://sms/send', SMS_GATEWAY_TOKEN: 't' })).toBe(
      'Invalid configuration: SMS_TEMPLATES is required',
    );
    expect(reason({ SMTP_URL: 'smtp://a', SMTP_HOST: 'b', NOTIFY_EMAIL_FROM: 'a@b' })).toBe(
      'Invalid configuration: SMTP_HOST must not be set together with SMTP_URL',
    );
  });

  it('names a bad value without echoing it', () => {
    const short = reason({ NOTIFY_WEBHOOK_URL: 'https://oa/h', NOTIFY_WEBHOOK_SECRET: 'hunter2' });
    expect(short).toBe('Invalid configuration: NOTIFY_WEBHOOK_SECRET must be at least 32 characters');
    expect(reason({ SMTP_URL: 'mysql://root:hunter2@db' })).toBe(
      'Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL',
    );
    expect(reason({ DINGTALK_ROBOT_URL: 'ftp://x?access_token=hunter2' })).toBe(
      'Invalid configuration: DINGTALK_ROBOT_URL must be an http(s) URL',
    );
    expect(reason({ NOTIFY_MAX_ATTEMPTS: '0' })).toBe(
      'Invalid configuration: NOTIFY_MAX_ATTEMPTS must be a whole number from 1 to 100',
    );
    expect(reason({ NOTIFY_BACKOFF_BASE_MS: '60000', NOTIFY_BACKOFF_MAX_MS: '1000' })).toBe(
      'Invalid configuration: NOTIFY_BACKOFF_MAX_MS must not be less than NOTIFY_BACKOFF_BASE_MS',
    );
  });

  it('checks SMS_TEMPLATES: JSON, known purposes, template fields', () => {
    const base = { SMS_GATEWAY_URL: 'https://sms/send', SMS_GATEWAY_TOKEN: 't' };
    expect(reason({ ...base, SMS_TEMPLATES: '{not json' })).toMatch(
      /^Invalid configuration: SMS_TEMPLATES must be JSON/,
    );
    expect(
      reason({ ...base, SMS_TEMPLATES: JSON.stringify({ 'birthday-wish': { templateId: 'a', text: 'b' } }) }),
    ).toMatch(/^Invalid configuration: SMS_TEMPLATES/);
    expect(
      reason({ ...base, SMS_TEMPLATES: JSON.stringify({ 'overdue-alert': { templateId: 'a' } }) }),
    ).toMatch(/^Invalid configuration: SMS_TEMPLATES\.overdue-alert\.text/);
  });

  it('merges into a service schema', () => {
    const schema = serviceConfigSchema.extend(notificationConfigShape).superRefine(refineNotificationConfig);
    const env = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/y', KAFKA_BROKERS: '127.0.0.1:9092' };
    expect(loadConfig(schema, { ...env, NOTIFY_MAX_ATTEMPTS: '3' }).NOTIFY_MAX_ATTEMPTS).toBe(3);
    expect(() => loadConfig(schema, { ...env, WECOM_ROBOT_URL: 'nope' })).toThrow(
      'Invalid configuration: WECOM_ROBOT_URL must be an http(s) URL',
    );
  });
});
