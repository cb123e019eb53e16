import {
  DomainRuleError,
  GRADE_IN_FORCE_TYPES,
  gradingStreams,
  type Actor,
  type EventMetadata,
  type RecordedEvent,
} from '@yuqing/contracts';
import { handleCommand, type Decider, type EventStoreTransaction } from '@yuqing/event-store';
import { incidentGradeDecider, type GradingRuleSet } from '@yuqing/grading-domain';
import type { CommandTransaction, ContinuedTrace, EventReader } from '@yuqing/service-kit';

// How grading's use cases reach an incident's grading stream: its org unit and correlation, a decision on it, the
// system's proposal, the trace a decision continues. Shared data access; it imports no use-case folder.

/** What a decision endpoint answers: the events appended (none when the decision changed nothing). */
export interface DecisionResult {
  readonly incidentId: string;
  /** The stream version after the decision: send it as If-Match to decide only on what you saw. */
  readonly version: number;
  readonly events: readonly { readonly eventId: string; readonly type: string }[];
  /** Ids the service assigned (an assessment's, a plan's, a team's). */
  readonly created?: Readonly<Record<string, string>>;
}

/** The grading service itself, when a rule decides (proposals). */
export const GRADING_SERVICE: Actor = { kind: 'service', id: 'grading' };

/** Where a decision's org unit comes from: the incident the path names. */
export const byIncident = { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } } as const;

/** The incident's org unit and correlation, from the first event of its grading stream. */
export async function incidentOf(
  tx: EventStoreTransaction,
  incidentId: string,
): Promise<{ orgUnit: string; correlationId: string }> {
  const [first] = await tx.readStream(gradingStreams.incident.id(incidentId), { to: 1 });
  if (!first) throw new DomainRuleError('grading.incident-unknown', 'grading has not heard of this incident');
  return { orgUnit: first.metadata.orgUnit, correlationId: first.metadata.correlationId };
}

/**
 * A person's decision on an incident: decided on its grading stream (at the If-Match version, if given), recorded
 * with the actor, the incident's org unit and correlation.
 */
export async function decideOnIncident<C, S>(
  tx: CommandTransaction,
  incidentId: string,
  decider: Decider<C, S>,
  command: C,
  created?: Readonly<Record<string, string>>,
): Promise<DecisionResult> {
  const incident = await incidentOf(tx, incidentId);
  const result = await tx.decide(gradingStreams.incident.id(incidentId), decider, command, {
    metadata: incident,
  });
  return {
    incidentId,
    version: result.nextExpectedVersion,
    events: result.events.map((e) => ({ eventId: e.eventId, type: e.type })),
    ...(created ? { created } : {}),
  };
}

/** A command's or an inbox handler's transaction: the store's, plus ids minted from the attempt's clock. */
export type ProposingTransaction = EventStoreTransaction & Pick<CommandTransaction, 'newId'>;

/**
 * The system's proposal (拟定级别) under `ruleSet`, in the transaction of what prompted it (a fact received, a
 * categorisation): evaluates the incident's facts and appends a GradeProposed when the rules give a grade that
 * differs from the open proposal (or, with a grade in force, a more severe one resting on something new).
 * Proposing twice on the same facts appends nothing, so it is safe after every fact and on every redelivery.
 * Decided at the loaded version, never a caller's If-Match (that was for their own decision). The proposal made,
 * if any.
 */
export async function proposeGrade(
  tx: ProposingTransaction,
  incidentId: string,
  ruleSet: GradingRuleSet,
  metadata: EventMetadata,
): Promise<{ proposalId: string; eventId: string } | undefined> {
  const proposalId = tx.newId();
  try {
    // The store's own load-decide-append: both transactions' `decide` wrap it, with different metadata options.
    const result = await handleCommand(
      tx,
      gradingStreams.incident.id(incidentId),
      incidentGradeDecider,
      { kind: 'propose', proposalId, ruleSet },
      { metadata },
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

/**
 * The trace an answer to the open proposal continues (span `grading.answer-proposal`), so one trace runs from the
 * captured item through Kafka to the confirmed grade.
 */
export async function openProposalTrace(
  reader: EventReader,
  incidentId: string,
): Promise<ContinuedTrace | undefined> {
  let open: RecordedEvent | undefined;
  for (const event of await reader.readStream(gradingStreams.incident.id(incidentId))) {
    if (event.type === 'grading.GradeProposed') open = event;
    else if (GRADE_IN_FORCE_TYPES.includes(event.type)) open = undefined;
  }
  return open ? { span: 'grading.answer-proposal', event: open } : undefined;
}
