import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import type { RecordedEvent } from '@yuqing/contracts';
import { findingKind, reviewPeriod } from '@yuqing/contracts';
import { page } from '@yuqing/service-kit';
import { z } from 'zod';
import { FindingsReadModel, type FindingRow } from './findings.read-model';

const byId = { resolver: 'finding', from: 'params.findingId' } as const;

/** The list's filters (the pagination's own parameters pass through). */
const findingFilter = z.object({
  period: reviewPeriod.optional(),
  status: z.enum(['pending', 'confirmed', 'dismissed', 'appealed']).optional(),
  kind: findingKind.optional(),
});

/**
 * What reviewers, auditors and departments read, each within their scope (a department sees its own findings): the
 * list, one finding with its evidence and rulings, its history as recorded.
 */
@Controller('api/review/findings')
export class FindingsController {
  constructor(@Inject(FindingsReadModel) private readonly readModel: FindingsReadModel) {}

  @Get()
  @Permission('review.read-findings', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ findings: FindingRow[]; next?: string }> {
    const { limit, after } = page.parse(query);
    return this.readModel.list(auth.scope, findingFilter.parse(query), limit, after);
  }

  @Get(':findingId')
  @Permission('review.read-findings', { orgUnitFrom: byId })
  async one(@Param('findingId') findingId: string): Promise<FindingRow> {
    const row = await this.readModel.one(findingId);
    if (!row) throw new NotFoundException(`finding ${findingId} not found`);
    return row;
  }

  @Get(':findingId/history')
  @Permission('review.read-findings', { orgUnitFrom: byId })
  async history(@Param('findingId') findingId: string): Promise<{ events: RecordedEvent[] }> {
    return { events: await this.readModel.history(findingId) };
  }
}
