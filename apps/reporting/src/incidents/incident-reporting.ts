import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadata, NewEvent } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore, uuidv7, type EventStoreTransaction } from '@yuqing/event-store';
import {
  reportingDecider,
  reportingStreamId,
  type ReportingCommand,
  type ReportingPolicy,
  type ReportingState,
} from '@yuqing/reporting-domain';
import { Clock } from '@yuqing/service-kit';
import { REPORTING_POLICY } from '../reporting.tokens';

/** Commands as controllers and consumers give them: the service adds the policy, the time and id generation. */
export type ReportingInput = ReportingCommand extends infer C
  ? C extends ReportingCommand
    ? Omit<C, 'policy' | 'now' | 'newId'>
    : never
  : never;

export interface ReportingOutcome {
  readonly events: readonly NewEvent[];
  readonly state: ReportingState;
  readonly version: number;
}

/**
 * Runs a reporting command on an incident's stream: loads it, decides with the policy in force and the service's
 * clock, appends (the read models and the schedule follow in the same transaction).
 */
@Injectable()
export class IncidentReporting {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(REPORTING_POLICY) readonly policy: ReportingPolicy,
    @Inject(Clock) readonly clock: Clock,
  ) {}

  /** The service's schema (its events, read models and schedule). */
  get schema(): string {
    return this.store.schema;
  }

  /** The incident's reporting state now (for tests and documents; lists read the read models). */
  async state(incidentId: string): Promise<ReportingState> {
    return (await this.store.aggregateStream(reportingStreamId(incidentId), reportingDecider)).state;
  }

  /** In its own transaction, retried on a lost race. */
  execute(incidentId: string, input: ReportingInput, metadata: EventMetadata): Promise<ReportingOutcome> {
    return this.run(this.store, incidentId, input, metadata);
  }

  /** In the caller's transaction (a command's, a consumer's): a lost race aborts it for its owner to retry. */
  executeIn(
    tx: EventStoreTransaction,
    incidentId: string,
    input: ReportingInput,
    metadata: EventMetadata,
  ): Promise<ReportingOutcome> {
    return this.run(tx, incidentId, input, metadata);
  }

  private async run(
    target: PostgresEventStore | EventStoreTransaction,
    incidentId: string,
    input: ReportingInput,
    metadata: EventMetadata,
  ): Promise<ReportingOutcome> {
    const command = {
      ...input,
      policy: this.policy,
      now: this.clock.now().toISOString(),
      newId: () => uuidv7(this.clock.now().getTime()),
    } as ReportingCommand;
    const result = await handleCommand(target, reportingStreamId(incidentId), reportingDecider, command, {
      metadata,
    });
    return { events: result.events, state: result.state, version: result.nextExpectedVersion };
  }
}
