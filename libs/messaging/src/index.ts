export { createKafka, ensureTopics } from './kafka';
export type { KafkaClientOptions } from './kafka';
