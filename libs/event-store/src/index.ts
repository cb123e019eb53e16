export { PostgresEventStore, START } from './event-store';
export type {
  AppendOptions,
  AppendResult,
  EventStoreTransaction,
  StreamAppend,
  Checkpoint,
  EventStoreOptions,
  InlineProjection,
  StreamBreak,
  VerifyAllResult,
  VerifyResult,
} from './event-store';
export { ConcurrencyError, DuplicateEventError } from './errors';
export type { ExpectedVersion } from './errors';
export { canonicalBytes, chainHash, GENESIS_HASH } from './hash-chain';
export type { CanonicalFields } from './hash-chain';
export { migrate } from './postgres/migrations';
export type { Migration } from './postgres/migrations';
export { assertSchemaName, eventStoreMigrations } from './postgres/schema';
export { UpcasterChain } from './upcasters';
export type { Upcaster } from './upcasters';
export { uuidv7 } from './uuid';
export { advanceCheckpoint, loadCheckpoint, resetCheckpoint } from './subscriptions/checkpoints';
export { PollingLoop } from './subscriptions/polling-loop';
export {
  activeProjectionVersion,
  projectionTable,
  ProjectionRunner,
  switchProjection,
} from './projections/async-projection';
export type { AsyncProjection, ProjectionRunnerOptions } from './projections/async-projection';
export { handleCommand } from './command-handling';
export type { Decider, HandleCommandOptions, HandledCommand } from './command-handling';
export { inTransaction } from './postgres/transaction';
