export { bootstrapService, checkDependencies, createHttpApp, startHttp, StartupError } from './bootstrap';
export type { HttpAppOptions, ServiceSpec } from './bootstrap';
export { ServiceKitModule, createPool } from './service-kit.module';
export type { ServiceKitOptions } from './service-kit.module';
export { ReadinessRegistry, kafkaCheck, postgresCheck } from './health/readiness';
export type { ReadinessCheck, ReadinessReport } from './health/readiness';
export {
  MethodNotAllowedError,
  problemFor,
  ProblemDetailsFilter,
  problemFromHttpException,
} from './http/problem-details.filter';
export type { ProblemDetails } from './http/problem-details.filter';
export { Public, PUBLIC_ENDPOINT } from './http/public';
export { documentFile, rendering } from './http/document-response';
export { API_VERSION, openApiDocument, OpenApiController, OpenApiRegistry } from './http/openapi';
export { RequestBody, requestSchemaOf } from './http/request-body';
export type { OpenApiInfo, OpenAPIObject } from './http/openapi';
export { migrate } from '@yuqing/event-store';
export type { Migration } from '@yuqing/event-store';
export { NestPinoLogger } from './nest-logger';
export { KAFKA, LOGGER, PG_POOL, SERVICE_CONFIG, SERVICE_NAME } from './tokens';
export { EventCommitted, EventSourcingModule } from './event-sourcing/event-sourcing.module';
export type { EventSourcingOptions } from './event-sourcing/event-sourcing.module';
export { cursor, nextCursor, nextOffsetCursor, offsetCursor, page, pageFields } from './http/pagination';
export { ReadModel } from './event-sourcing/read-model';
export {
  commandHeadersOf,
  expectedVersionOf,
  idempotencyKeyOf,
  invalidHeader,
  unexpectedIdempotencyKey,
} from './http/command-headers';
export { Clock, SystemClock } from './clock';
export * from './commands';
export * from './consuming';
export { StreamWatcher, StreamWatcherLifecycle } from './watching/stream-watcher';
export type { DueDecision, DueRow, DueSchedule, StreamWatcherOptions } from './watching/stream-watcher';
export { ChainVerifier } from './event-sourcing/chain-verification';
export type { ChainVerification } from './event-sourcing/chain-verification';
export {
  canonicalJson,
  documentVersionsMigration,
  DocumentVersions,
  sha256Hex,
} from './documents/document-versions';
export type {
  BuiltFrom,
  DocumentSubject,
  DocumentVersion,
  Rendition,
  SourcedFact,
} from './documents/document-versions';
