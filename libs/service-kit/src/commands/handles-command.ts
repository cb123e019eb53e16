import { Inject, Injectable, SetMetadata, type Type } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { RecordedEvent } from '@yuqing/contracts';
import type { StreamRange } from '@yuqing/event-store';
import type { CommandTransaction } from './command-transaction';
import type { AnyDomainCommand } from './domain-command';
import { CommandPipeline } from './command-pipeline';

/** What a handler may read before its transaction (to find the trace it continues). */
export interface EventReader {
  readStream(streamId: string, range?: StreamRange): Promise<RecordedEvent[]>;
}

/** The stored event whose trace a command continues, and the name of the span that continues it. */
export interface ContinuedTrace {
  readonly span: string;
  readonly event: RecordedEvent;
}

/** A class decorated with @HandlesCommand. */
export interface CommandHandling<C extends AnyDomainCommand, R> {
  handle(command: C, tx: CommandTransaction): Promise<R>;
  /** The stored event whose trace this command continues (e.g. the proposal a confirmation answers). */
  continues?(command: C, reader: EventReader): Promise<ContinuedTrace | undefined>;
}

export interface HandlesCommandOptions<C> {
  /**
   * 'header' (default): the Idempotency-Key, scoped by caller. 'none': a key is refused (400). A function: a
   * natural key with its scope, e.g. transfer references per receiving unit.
   */
  readonly idempotency?: 'header' | 'none' | ((command: C) => { scope: string; key: string });
  /** An advisory lock taken first in the transaction, e.g. `ingestion.capture.<orgUnit>`. */
  readonly lock?: (command: C) => string | undefined;
  /** Retries of the whole transaction on ConcurrencyError when the command named no version (default 3). */
  readonly retries?: number;
}

/** Marks a handler as wrapped by the pipeline (the test harness checks every command handler carries it). */
export const PIPELINE_HANDLER = 'yuqing:command-handler';

const PIPELINE = '__yuqingCommandPipeline';

/**
 * The one wrap of every command handler: a normal @nestjs/cqrs handler whose `execute` runs the command pipeline
 * (span, idempotency, trace continuation, transaction with retries, completion), which calls `handle(command, tx)`.
 * Built from public API only: CommandHandler, Injectable, property injection.
 */
export function HandlesCommand<C extends AnyDomainCommand>(
  command: Type<C> | (abstract new (...args: never[]) => C),
  options: HandlesCommandOptions<C> = {},
): ClassDecorator {
  return (target) => {
    CommandHandler(command as Type<C>)(target);
    Injectable()(target);
    Inject(CommandPipeline)(target.prototype as object, PIPELINE);
    SetMetadata(PIPELINE_HANDLER, true)(target);
    Object.defineProperty(target.prototype, 'execute', {
      configurable: true,
      writable: true,
      value: function execute(this: CommandHandling<C, unknown> & { [PIPELINE]: CommandPipeline }, c: C) {
        return this[PIPELINE].run(c, this, options);
      },
    });
  };
}
