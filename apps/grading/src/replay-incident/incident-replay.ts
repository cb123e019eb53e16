import { Inject, Injectable } from '@nestjs/common';
import { gradingStreams } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { incidentFacts, replayIncident } from '@yuqing/grading-domain';

/**
 * The auditor's view (审计回放): the incident's grading stream folded from zero (as of a moment, when given) with
 * the domain decider, independently of the read models. Undefined when the incident has no history by then.
 */
@Injectable()
export class IncidentReplay {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async replay(incidentId: string, asOf: string | undefined): Promise<Record<string, unknown> | undefined> {
    const events = await this.store.readStream(
      gradingStreams.incident.id(incidentId),
      asOf ? { asOf: new Date(asOf) } : {},
    );
    if (events.length === 0) return undefined;
    const state = replayIncident(events);
    const facts = incidentFacts(state);
    return {
      incidentId,
      asOf: asOf ?? null,
      version: events[events.length - 1]!.streamPosition,
      grade: state.inForce?.grade ?? null,
      gradeBy: state.inForce?.by ?? null,
      gradeEventId: state.inForce?.eventId ?? null,
      openProposal: state.openProposal ?? null,
      proposals: state.proposals,
      categories: state.categories,
      genuineness: state.genuineness ?? null,
      facts: { items: facts.items, heat: facts.heat, missedDeadlines: facts.missedDeadlines },
    };
  }
}
