import { z } from 'zod';

/** Who made a decision: a person holding a role in an org unit, a service acting on a rule, or an integrator. */
export const actorSchema = z.object({
  kind: z.enum(['user', 'service', 'integrator']),
  id: z.string().min(1).max(200),
  /** The role the actor acted in, when a person (e.g. `grading-authority`). */
  role: z.string().min(1).max(100).optional(),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * What every stored and published event carries besides its payload: who, for which org unit, why
 * (correlation and causation), and the trace it belongs to.
 */
export const eventMetadataSchema = z.object({
  /** The org unit (tenant) the event concerns; queries and streams are filtered by it. */
  orgUnit: z.string().min(1).max(200),
  actor: actorSchema,
  /** Shared by every event that follows from one original request or item. */
  correlationId: z.string().min(1).max(200),
  /** The event or command this one answered; absent only for a first cause. */
  causationId: z.string().min(1).max(200).optional(),
  /** W3C trace context of the request that produced the event. */
  traceparent: z.string().max(200).optional(),
  tracestate: z.string().max(500).optional(),
  /** The rule set or policy version, where a rule decided. */
  ruleVersion: z.string().max(100).optional(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** A stored event as read back from a stream or from the global log. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** 1-based position within its stream. */
  readonly streamPosition: number;
  /** Position in the service's global log, as a decimal string (a bigint). */
  readonly globalPosition: string;
  /** The committing transaction's id (xid8), as a decimal string; with globalPosition, the commit-safe order. */
  readonly transactionId: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
  /** Its hash-chain hash (hex), on reads of the global log (the relay publishes it as `ce_hash`). */
  readonly hash?: string;
}

/** An event about to be appended: the store assigns ids, positions and times. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly schemaVersion?: number;
  /** Optional, for idempotent appends; a UUIDv7 is generated otherwise. */
  readonly eventId?: string;
  /** Per-event additions to the append's metadata (e.g. a different causation id). */
  readonly metadata?: Partial<EventMetadata>;
}
