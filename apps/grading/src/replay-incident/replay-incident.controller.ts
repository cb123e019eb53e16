import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { incidentFacts, replayIncident } from '@yuqing/grading-domain';
import { incidentStream } from '../shared/incident-stream';

const query = z.strictObject({ asOf: z.iso.datetime({ offset: true }).optional() });

/**
 * GET /api/grading/incidents/{id}/replay: the auditor's view (审计回放). Folds the incident's grading stream from
 * zero (as of a moment, when given) with the domain decider, independently of the read models, and shows the grade
 * in force, the open proposal and the facts the rules read. Equal to the read model's answer, or the read model is
 * wrong.
 */
@Controller('api/grading/incidents/:incidentId/replay')
export class ReplayIncidentController {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  @Get()
  @Permission('audit.replay', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async replay(@Param('incidentId') incidentId: string, @Query() raw: unknown): Promise<unknown> {
    const { asOf } = query.parse(raw);
    const events = await this.store.readStream(
      incidentStream(incidentId),
      asOf ? { asOf: new Date(asOf) } : {},
    );
    if (events.length === 0)
      throw new NotFoundException(`incident ${incidentId} has no history as of ${asOf}`);
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
