import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  context as otel,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Link,
} from '@opentelemetry/api';
import { ConcurrencyError, PostgresEventStore } from '@yuqing/event-store';
import { Clock, SystemClock } from '../clock';
import { unexpectedIdempotencyKey } from '../http/command-headers';
import { callerKey } from './command-context';
import { commandTransaction } from './command-transaction';
import type { AnyDomainCommand } from './domain-command';
import { IdempotencyKeyReusedError, IdempotencyInProgressError } from './errors';
import type { CommandHandling, ContinuedTrace, HandlesCommandOptions } from './handles-command';
import { requestHash, IdempotencyStore, type IdempotencyClaim } from './idempotency';

const tracer = trace.getTracer('yuqing-service-kit');

/**
 * Runs one command: span `command <type>`; the idempotency claim (a replay answers at once, nothing appended);
 * the trace the command continues; the handler in one transaction (an advisory lock first, if declared), retried
 * on a lost race when the caller named no version; the answer stored in that transaction; the key released on
 * failure. Errors go to the ProblemDetails filter as they are.
 */
@Injectable()
export class CommandPipeline {
  private readonly clock: Clock;

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
    @Optional() @Inject(Clock) clock?: Clock,
  ) {
    this.clock = clock ?? new SystemClock();
  }

  run<C extends AnyDomainCommand, R>(
    command: C,
    handler: CommandHandling<C, R>,
    options: HandlesCommandOptions<C> = {},
  ): Promise<R> {
    return tracer.startActiveSpan(`command ${command.contract.type}`, async (span) => {
      try {
        return await this.claimed(command, handler, options);
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  private async claimed<C extends AnyDomainCommand, R>(
    command: C,
    handler: CommandHandling<C, R>,
    options: HandlesCommandOptions<C>,
  ): Promise<R> {
    const { contract, context } = command;
    const natural = typeof options.idempotency === 'function' ? options.idempotency(command) : undefined;
    if (options.idempotency === 'none' && context.idempotencyKey !== undefined)
      throw unexpectedIdempotencyKey();
    const scope = natural?.scope ?? callerKey(context.caller);
    const key = natural?.key ?? (options.idempotency === 'none' ? undefined : context.idempotencyKey);
    let claim: IdempotencyClaim | undefined;
    if (key !== undefined) {
      const hash = requestHash({
        type: contract.type,
        schemaVersion: contract.schemaVersion,
        payload: command.payload,
        expectedVersion: context.expectedVersion,
      });
      const outcome = await this.idempotency.claim(scope, key, contract.type, hash);
      if (outcome.kind === 'replay') return outcome.response as R;
      if (outcome.kind === 'mismatch') throw new IdempotencyKeyReusedError(contract.context);
      if (outcome.kind === 'in-progress') throw new IdempotencyInProgressError(contract.context);
      claim = outcome.claim;
    }
    try {
      const continued = await handler.continues?.(command, this.store);
      const work = () => this.attempts(command, handler, options, claim);
      return continued?.event.metadata.traceparent ? await continuing(continued, work) : await work();
    } catch (error) {
      if (claim) await this.idempotency.release(claim);
      throw error;
    }
  }

  private async attempts<C extends AnyDomainCommand, R>(
    command: C,
    handler: CommandHandling<C, R>,
    options: HandlesCommandOptions<C>,
    claim: IdempotencyClaim | undefined,
  ): Promise<R> {
    // With If-Match the caller decided on one version: a lost race is theirs to look at again (409).
    const retries = command.context.expectedVersion === undefined ? (options.retries ?? 3) : 0;
    const lock = options.lock?.(command);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store.transaction(async (tx) => {
          if (lock !== undefined) await tx.client.query('select pg_advisory_xact_lock(hashtext($1))', [lock]);
          const result = await handler.handle(
            command,
            commandTransaction(tx, command.context, this.clock.now()),
          );
          if (claim) await this.idempotency.complete(tx.client, claim, result, command.contract.context);
          return result;
        });
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= retries) throw error;
      }
    }
  }
}

/** Runs `work` in the trace of the event it continues, linked to the request that asked for it. */
function continuing<T>(continued: ContinuedTrace, work: () => Promise<T>): Promise<T> {
  const { metadata } = continued.event;
  const parent = propagation.extract(ROOT_CONTEXT, {
    traceparent: metadata.traceparent,
    ...(metadata.tracestate ? { tracestate: metadata.tracestate } : {}),
  });
  const request = trace.getSpan(otel.active())?.spanContext();
  const links: Link[] = request ? [{ context: request }] : [];
  return tracer.startActiveSpan(continued.span, { links }, parent, async (span) => {
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}
