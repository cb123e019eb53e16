export { CONTEXTS, deadLetterTopic, eventsTopic, platformTopics } from './topics';
export type { ContextName, TopicSpec } from './topics';
export { actorSchema, eventMetadataSchema } from './envelope';
export type { Actor, EventMetadata, NewEvent, RecordedEvent } from './envelope';
