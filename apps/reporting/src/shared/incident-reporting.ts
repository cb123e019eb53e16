import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadata, NewEvent } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import {
  reportingDecider,
  reportingStreamId,
  type ReportingCommand,
  type ReportingPolicy,
  type ReportingState,
} from '@yuqing/reporting-domain';
import { CLOCK, REPORTING_POLICY } from '../reporting.tokens';
import type { Clock } from './clock';

/** Commands as controllers and consumers give them: the service adds the policy, the time and id generation. */
export type ReportingInput = ReportingCommand extends infer C
  ? C extends ReportingCommand
    ? Omit<C, 'policy' | 'now' | 'newId'>
    : never
  : never;

/**
 * Runs a reporting command on an incident's stream: loads it, decides with the policy in force and the service's
 * clock, appends (the read models and the schedule follow in the same transaction).
 */
@Injectable()
export class IncidentReporting {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(REPORTING_POLICY) readonly policy: ReportingPolicy,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  /** The service's schema (its events, read models and schedule). */
  get schema(): string {
    return this.store.schema;
  }

  /** The incident's reporting state now (for tests and documents; lists read the read models). */
  async state(incidentId: string): Promise<ReportingState> {
    return (await this.store.aggregateStream(reportingStreamId(incidentId), reportingDecider)).state;
  }

  async execute(
    incidentId: string,
    input: ReportingInput,
    metadata: EventMetadata,
  ): Promise<{ events: readonly NewEvent[]; state: ReportingState; version: number }> {
    const command = {
      ...input,
      policy: this.policy,
      now: this.clock.now().toISOString(),
      newId: () => uuidv7(this.clock.now().getTime()),
    } as ReportingCommand;
    const result = await handleCommand(this.store, reportingStreamId(incidentId), reportingDecider, command, {
      metadata,
    });
    return { events: result.events, state: result.state, version: result.nextExpectedVersion };
  }
}
