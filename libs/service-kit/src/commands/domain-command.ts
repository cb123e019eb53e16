import { Command } from '@nestjs/cqrs';
import type { CommandDefinition, CommandPayload } from '@yuqing/contracts';
import type { CommandContext } from './command-context';

/** A command on the CommandBus: its contract, its validated payload, and its context. R is what it answers. */
export abstract class DomainCommandBase<P, R> extends Command<R> {
  abstract readonly contract: CommandDefinition;

  constructor(
    readonly payload: P,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The constructor DomainCommand returns: a command class bound to one contract. */
export type DomainCommandClass<D extends CommandDefinition, R> = abstract new (
  payload: CommandPayload<D>,
  context: CommandContext,
) => DomainCommandBase<CommandPayload<D>, R> & { readonly contract: D };

/**
 * The base class of a command of `contract`:
 * `class ConfirmGradeCommand extends DomainCommand<typeof ConfirmGrade, DecisionResult>(ConfirmGrade) {}`.
 * Each subclass is its own CommandBus id.
 */
export function DomainCommand<D extends CommandDefinition, R>(contract: D): DomainCommandClass<D, R> {
  abstract class Bound extends DomainCommandBase<CommandPayload<D>, R> {
    readonly contract: D = contract;
  }
  return Bound;
}

/** Any command of the pipeline. */
export type AnyDomainCommand = DomainCommandBase<unknown, unknown>;
