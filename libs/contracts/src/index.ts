export {
  CONTEXTS,
  deadLetterTopic,
  eventsTopic,
  inTopicNamespace,
  parseTopicNamespace,
  platformTopics,
  TOPIC_NAMESPACE_VARIABLE,
  topicNamespace,
} from './topics';
export type { ContextName, TopicSpec } from './topics';
export { actorSchema, eventMetadataSchema } from './envelope';
export type { Actor, EventMetadata, NewEvent, RecordedEvent } from './envelope';

// Definition API: how every event and public command is declared, typed and validated.
export { ContractViolationError, defineCommand, defineEvent, formatPath } from './define';
export type {
  CommandDefinition,
  CommandPayload,
  ContractIssue,
  DefinitionSpec,
  EventData,
  EventDefinition,
  ObjectSchema,
  SafeParseResult,
} from './define';

// The catalogue of every event and public command, by (type, version).
export { commandCatalogue, createCatalogue, eventCatalogue } from './catalogue';
export type { Catalogue, KnownCommand, KnownEvent, KnownEventType } from './catalogue';

// Kafka headers (CloudEvents binary mode) every published event carries.
export { CLOUDEVENTS_SPEC_VERSION, cloudEventHeadersSchema, eventSource } from './cloudevents';
export type { CloudEventHeaders } from './cloudevents';

// Domain vocabularies (codes with their Chinese terms) and the schemas built on them.
export {
  CAPTURE_METHODS,
  CUSTOM_CATEGORY_PATTERN,
  GRADE_LEVELS,
  GRADING_CRITERIA,
  PLATFORMS,
  REACH_TIERS,
  RELEASE_APPROVERS,
  REPORT_KINDS,
  STANDARD_CATEGORIES,
  captureMethod,
  category,
  grade,
  gradeLevel,
  gradeSeverity,
  gradingCriterion,
  platform,
  reachTier,
  releaseApprover,
  reportKind,
} from './vocabulary';
export type {
  CaptureMethod,
  Category,
  Grade,
  GradeLevel,
  GradingCriterion,
  Platform,
  ReachTier,
  ReleaseApprover,
  ReportKind,
  StandardCategory,
  Term,
} from './vocabulary';

// Field shapes other contexts compare across records: figures (统一数据, 核实的数据).
export { figure, figures } from './fields';
export type { Figure } from './fields';

// The deployment's catalogue of known outlets: ingestion's reach and grading's main city sites read one list.
export { DEFAULT_OUTLET_CATALOGUE, outletCatalogueSchema } from './outlet-catalogue';
export type { OutletCatalogueEntry } from './outlet-catalogue';

// Events, one module per context.
export * from './events/identity.events';
export * from './events/ingestion.events';
export * from './events/grading.events';
export * from './events/reporting.events';
export * from './events/reporting-duty.events';

// Public commands, one module per context.
export * from './commands/identity.commands';
export * from './commands/ingestion.commands';
export * from './commands/grading.commands';
export * from './commands/reporting.commands';
export * from './commands/reporting-duty.commands';
export { AlreadyExistsError, DomainRuleError, NotFoundError, NotPermittedError } from './domain-error';
export { optional, refuse } from './decide';

// Stream ids, one kind per aggregate of each context.
export { streamKind } from './streams/stream-kind';
export type { StreamKind } from './streams/stream-kind';
export { gradingStreams, identityStreams, ingestionStreams, reportingStreams } from './streams/streams';

// The contexts added by `nx g @yuqing/tools:service` (events, commands, streams).
export * from './events/guidance.events';
export * from './commands/guidance.commands';
export * from './events/guidance-requests.events';
export * from './commands/guidance-requests.commands';
export * from './events/guidance-accounts.events';
export * from './commands/guidance-accounts.commands';
export { guidanceStreams } from './streams/guidance.streams';
export * from './events/archive.events';
export * from './commands/archive.commands';
export { archiveStreams } from './streams/archive.streams';
export * from './events/review.events';
export * from './commands/review.commands';
export { reviewStreams } from './streams/review.streams';
// @yuqing/tools:service inserts above this line
