export { createKafka, deleteNamespaceTopics, ensureTopics } from './kafka';
export type { KafkaClientOptions } from './kafka';
export {
  fromMessage,
  headersToStrings,
  MalformedMessageError,
  publishedValue,
  toHeaders,
  toMessage,
} from './cloudevents';
export type { ConsumedEvent } from './cloudevents';
export { OutboxRelay } from './relay/outbox-relay';
export type { OutboxRelayOptions } from './relay/outbox-relay';
export {
  InboxConsumer,
  isTransient,
  OrgUnitMismatchError,
  RefusedEventError,
  UnknownContractError,
  UntrustedProducerError,
} from './consumer/inbox-consumer';
export type {
  EventContracts,
  InboxConsumerOptions,
  InboxDeliveryOptions,
  LiveDeliveryOptions,
  StartFrom,
} from './consumer/inbox-consumer';
export { topicByContext } from './topics';
export { metrics } from './metrics';
