export { PostgresEventStore, START } from './event-store';
export type {
  AggregatedStream,
  AppendHook,
  AppendOptions,
  AppendResult,
  AsOf,
  StreamFold,
  StreamRange,
  EventStoreTransaction,
  StreamAppend,
  Checkpoint,
  EventStoreOptions,
  StreamBreak,
  VerifyAllResult,
  VerifyResult,
} from './event-store';
export { ConcurrencyError, DuplicateEventError } from './errors';
export type { ExpectedVersion } from './errors';
export { canonicalBytes, chainHash, GENESIS_HASH } from './hash-chain';
export type { CanonicalEvent, CanonicalFields } from './hash-chain';
export { migrate } from './postgres/migrations';
export type { Migration } from './postgres/migrations';
export { appendOnly, assertSchemaName, eventStoreMigrations } from './postgres/schema';
export { UpcasterChain } from './upcasters';
export { EventAppender } from './append/event-appender';
export type { EventAppenderOptions } from './append/event-appender';
export { EventReader } from './read/event-reader';
export type { Queryable, ReadAllOptions } from './read/event-reader';
export { HashChainVerifier } from './verify/hash-chain-verifier';
export type { Upcaster } from './upcasters';
export { uuidv7 } from './uuid';
export { advanceCheckpoint, loadCheckpoint, resetCheckpoint } from './subscriptions/checkpoints';
export { PollingLoop } from './subscriptions/polling-loop';
export { defineProjection, projectionScope } from './projections/projection';
export type {
  ProjectionDefinition,
  ProjectionScope,
  ProjectionSpec,
  ProjectionTable,
} from './projections/projection';
export { ProjectionRunner, UnknownProjectionError } from './projections/projection-runner';
export type {
  ProjectionDifference,
  ProjectionRunnerOptions,
  RebuildReport,
  VerifyReport,
} from './projections/projection-runner';
export { handleCommand } from './command-handling';
export type { Decider, HandleCommandOptions, HandledCommand } from './command-handling';
export { inTransaction } from './postgres/transaction';
export { LogSealer, LogSealRefusedError } from './seal/log-sealer';
export type { LogSealerOptions, SealWritten } from './seal/log-sealer';
export { LogSealVerifier } from './seal/log-seal-verifier';
export type { KnownSeal, SealVerifyOptions, SealVerifyResult } from './seal/log-seal-verifier';
export { logSealMigrations } from './seal/seal-chain';
export type { DeletedStream, RewrittenStream, SealChainProblem, TruncatedStream } from './seal/seal-chain';
export {
  canonicalSealText,
  headsRoot,
  MalformedSealError,
  parseSealText,
  sealDigest,
} from './seal/seal-document';
export type { SealDocument, StreamHead } from './seal/seal-document';
export {
  generateLogSealKey,
  loadLogSealKey,
  loadPreviousSealKeys,
  sealKeyId,
  sealPublicKey,
  verifySealSignature,
} from './seal/seal-key';
export type { LogSealKey } from './seal/seal-key';
