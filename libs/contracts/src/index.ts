export { CONTEXTS, deadLetterTopic, eventsTopic, platformTopics } from './topics';
export type { ContextName, TopicSpec } from './topics';
