import { DomainRuleError, gradingStreams, type EventMetadata } from '@yuqing/contracts';
import { incidentGradeDecider, type GradingRuleSet } from '@yuqing/grading-domain';
import type { InboxTransaction } from '@yuqing/service-kit';

/**
 * The system's proposal (拟定级别), in the inbox transaction of the fact that prompted it: evaluates the incident's
 * facts under the rule set in force and appends a GradeProposed when the rules give a grade that differs from the
 * open proposal (or, with a grade in force, a more severe one resting on something new). Proposing twice on the
 * same facts appends nothing, so it is safe after every fact and on every redelivery. The proposal made, if any.
 */
export async function proposeGrade(
  tx: InboxTransaction,
  incidentId: string,
  ruleSet: GradingRuleSet,
  metadata: EventMetadata,
): Promise<{ proposalId: string; eventId: string } | undefined> {
  const proposalId = tx.newId();
  try {
    const result = await tx.decide(
      gradingStreams.incident.id(incidentId),
      incidentGradeDecider,
      { kind: 'propose', proposalId, ruleSet },
      metadata,
    );
    const event = result.events[0];
    return event ? { proposalId, eventId: event.eventId } : undefined;
  } catch (error) {
    // A deadline missed for an incident grading has not heard of yet: nothing to grade until it has. (The decider
    // refuses before anything is written, so the transaction goes on.)
    if (error instanceof DomainRuleError && error.rule === 'grading.incident-unknown') return undefined;
    throw error;
  }
}
