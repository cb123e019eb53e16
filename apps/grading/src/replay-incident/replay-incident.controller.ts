import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import { IncidentReplay } from './incident-replay';

const query = z.strictObject({ asOf: z.iso.datetime({ offset: true }).optional() });

/**
 * GET /api/grading/incidents/{id}/replay: the auditor's view (审计回放). Folds the incident's grading stream from
 * zero (as of a moment, when given) with the domain decider, independently of the read models, and shows the grade
 * in force, the open proposal and the facts the rules read. Equal to the read model's answer, or the read model is
 * wrong.
 */
@Controller('api/grading/incidents/:incidentId/replay')
export class ReplayIncidentController {
  constructor(@Inject(IncidentReplay) private readonly replays: IncidentReplay) {}

  @Get()
  @Permission('audit.replay', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async replay(@Param('incidentId') incidentId: string, @Query() raw: unknown): Promise<unknown> {
    const { asOf } = query.parse(raw);
    const replayed = await this.replays.replay(incidentId, asOf);
    if (!replayed) throw new NotFoundException(`incident ${incidentId} has no history as of ${asOf}`);
    return replayed;
  }
}
