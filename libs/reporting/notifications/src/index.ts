// Notification adapters and dispatcher of the reporting service (通知): signed webhooks, SMTP e-mail, DingTalk
// and WeCom group robots and an SMS gateway, with retries and backoff, every attempt reported as an event.

export { notificationAddressSchema, notificationSchema } from './notification';
export type {
  AddressOf,
  Notification,
  NotificationAddress,
  NotificationChannel,
  NotificationPurpose,
  NotificationRecipient,
} from './notification';
export { DeliveryError } from './delivery';
export type { ChannelAdapter, DeliveryReceipt, SendContext } from './delivery';
export { backoffDelayMs, DEFAULT_RETRY_POLICY } from './backoff';
export type { RetryPolicy } from './backoff';
export { InvalidNotificationError, NotificationDispatcher, pendingNotification } from './dispatcher';
export type {
  AttemptOutcome,
  AttemptResult,
  DispatchResult,
  NotificationAttemptedData,
  NotificationDeliveredData,
  NotificationDispatcherOptions,
  NotificationFailedData,
  NotificationSink,
  PendingNotification,
  Sleep,
} from './dispatcher';
export {
  notificationConfigSchema,
  notificationConfigShape,
  notificationSettings,
  refineNotificationConfig,
} from './notification.config';
export type { NotificationConfig, NotificationSettings } from './notification.config';
export { createChannelAdapters } from './channels';
export {
  SignedWebhookAdapter,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  WEBHOOK_TOLERANCE_SECONDS,
} from './channels/webhook';
export type { SignedWebhookSettings, WebhookPayload, WebhookVerification } from './channels/webhook';
export { classifySmtpError, SmtpEmailAdapter } from './channels/email';
export type { SmtpEmailSettings } from './channels/email';
export { DINGTALK_ERRCODES, DingTalkRobotAdapter, dingTalkSign, signDingTalkUrl } from './channels/dingtalk';
export type { DingTalkRobotSettings } from './channels/dingtalk';
export { WECOM_ERRCODES, WeComRobotAdapter } from './channels/wecom';
export type { WeComRobotSettings } from './channels/wecom';
export { SmsGatewayAdapter } from './channels/sms';
export type { SmsGatewayRequest, SmsGatewaySettings } from './channels/sms';
export { renderTemplate, smsTemplateSchema, templateVariables } from './channels/sms-template';
export type { SmsTemplate } from './channels/sms-template';
export { classifyHttpStatus, guardedPost, parseRetryAfter } from './http/guarded-post';
export type { GuardedPostOptions, HttpResult } from './http/guarded-post';
export { notificationMetrics } from './metrics';
