import type { Actor } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';

/** Who sent a command, as idempotency keys are scoped: a retry is the same caller sending the same key. */
export interface CommandCaller {
  readonly kind: 'user' | 'integrator' | 'service';
  readonly id: string;
}

/** Everything about a command that is not its payload: who, where, which request, and its retry controls. */
export interface CommandContext {
  /** Recorded on the events: subject, kind and the role of the grant that allowed the request. */
  readonly actor: Actor;
  /** The idempotency scope. */
  readonly caller: CommandCaller;
  /** The org unit the request concerns, as the guard resolved it. */
  readonly orgUnit?: string;
  /** Outermost org units where the caller may exercise the permission. */
  readonly scope: readonly string[];
  /** X-Correlation-Id when the caller sent a valid one, else a new id. */
  readonly correlationId: string;
  /** Idempotency-Key: a retry with the same key gets the first answer. */
  readonly idempotencyKey?: string;
  /** If-Match: the stream version the caller decided on; another one is a 409. */
  readonly expectedVersion?: number;
}

/** The context of a command the service sends itself (pollers, demo loaders): no key, no version. */
export function serviceContext(actorId: string, orgUnit: string, correlationId = uuidv7()): CommandContext {
  return {
    actor: { kind: 'service', id: actorId },
    caller: { kind: 'service', id: actorId },
    orgUnit,
    scope: [orgUnit],
    correlationId,
  };
}

/** The caller as stored with its idempotency keys: `<kind>:<id>`. */
export function callerKey(caller: CommandCaller): string {
  return `${caller.kind}:${caller.id}`;
}
