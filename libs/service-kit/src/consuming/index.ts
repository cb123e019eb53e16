export { INBOX_HANDLER, InboxHandler } from './inbox-handler';
export type { HandlesInbox, HandlesLiveEvents, InboxEvent, InboxHandlerSpec } from './inbox-handler';
export { inboxTransaction } from './inbox-transaction';
export type { InboxTransaction } from './inbox-transaction';
export { ConsumerHost } from './consumer-host';
export { RefusedEventError } from '@yuqing/messaging';
export type { StartFrom } from '@yuqing/messaging';
export { receivedEvent } from './received-event';
