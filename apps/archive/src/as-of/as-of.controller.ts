import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Ctx, Permission } from '@yuqing/auth';
import type { CaseAsOf, TimelineItem } from '@yuqing/archive-domain';
import { nextOffsetCursor, offsetCursor, pageFields, type CommandContext } from '@yuqing/service-kit';
import { CaseAccess } from '../read-models/case-files/case-access';
import { CaseAsOfReader } from './as-of.reader';

/** An instant as the API carries them (ISO 8601 with an offset), like the contracts' `instant` field. */
const instant = (description: string) => z.iso.datetime({ offset: true }).describe(description);

const byIncident = { resolver: 'case', from: 'params.incidentId' } as const;
const asOfQuery = z.strictObject({ at: instant('The instant, ISO 8601 with an offset.') });
const timelineQuery = z.strictObject({
  ...pageFields(),
  from: instant('From this instant (inclusive).'),
  to: instant('Up to this instant (inclusive).'),
});

/**
 * Auditors (audit.replay): an incident's whole state across contexts as of any instant, and its timeline between
 * two, from the log. The case file is confidential (第三十条): every such read is recorded before it is answered.
 */
@Controller('api/archive/incidents')
export class AsOfController {
  constructor(
    @Inject(CaseAsOfReader) private readonly reader: CaseAsOfReader,
    @Inject(CaseAccess) private readonly access: CaseAccess,
  ) {}

  @Get(':incidentId/as-of')
  @Permission('audit.replay', { orgUnitFrom: byIncident })
  async asOf(
    @Param('incidentId') incidentId: string,
    @Query() query: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<CaseAsOf> {
    const { at } = asOfQuery.parse(query);
    await this.access.record(incidentId, 'as-of', ctx);
    return this.reader.asOf(incidentId, new Date(at));
  }

  @Get(':incidentId/timeline')
  @Permission('audit.replay', { orgUnitFrom: byIncident })
  async timeline(
    @Param('incidentId') incidentId: string,
    @Query() query: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<{ timeline: TimelineItem[]; next?: string }> {
    const { from, to, limit, after } = timelineQuery.parse(query);
    if (Date.parse(from) > Date.parse(to))
      throw new BadRequestException({
        message: 'the request is not valid',
        errors: [{ path: 'query.from', message: 'from is after to' }],
      });
    const start = offsetCursor(after);
    await this.access.record(incidentId, 'as-of', ctx);
    const items = await this.reader.timeline(incidentId, new Date(from), new Date(to));
    const page = items.slice(start, start + limit);
    return {
      timeline: page,
      ...(start + limit < items.length ? { next: nextOffsetCursor(start + limit) } : {}),
    };
  }
}
