import { Inject, Injectable } from '@nestjs/common';
import { DomainRuleError } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { incidentGradeDecider, type GradingRuleSet } from '@yuqing/grading-domain';
import { RULE_SET } from '../grading.tokens';
import { GRADING_SERVICE, incidentStream } from '../shared/incident-stream';

/**
 * The system's proposal (拟定级别): evaluates the incident's facts under the rule set in force and appends a
 * GradeProposed when the rules give a grade that differs from the open proposal (or, with a grade in force, a more
 * severe one resting on something new). Proposing twice on the same facts appends nothing, so it is safe to run
 * after every fact and on every redelivery.
 */
@Injectable()
export class ProposeGradeHandler {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(RULE_SET) private readonly ruleSet: GradingRuleSet,
  ) {}

  /** The proposal made, if any. */
  async propose(
    incidentId: string,
    context: { readonly orgUnit: string; readonly correlationId: string },
  ): Promise<{ proposalId: string; eventId: string } | undefined> {
    const proposalId = uuidv7();
    try {
      const result = await handleCommand(
        this.store,
        incidentStream(incidentId),
        incidentGradeDecider,
        { kind: 'propose', proposalId, ruleSet: this.ruleSet },
        {
          metadata: {
            orgUnit: context.orgUnit,
            actor: GRADING_SERVICE,
            correlationId: context.correlationId,
          },
        },
      );
      const event = result.events[0];
      return event ? { proposalId, eventId: event.eventId } : undefined;
    } catch (error) {
      // A deadline missed for an incident grading has not heard of yet: nothing to grade until it has.
      if (error instanceof DomainRuleError && error.rule === 'grading.incident-unknown') return undefined;
      throw error;
    }
  }
}
