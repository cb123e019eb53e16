import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import type { RecordedEvent } from '@yuqing/contracts';
import { page, pageFields } from '@yuqing/service-kit';
import {
  OfficialAccountsReadModel,
  type OfficialAccountRow,
  type UnapprovedReleaseRow,
} from './official-accounts.read-model';

const byAccount = { resolver: 'officialAccount', from: 'params.accountId' } as const;
const detectionsQuery = z.object({
  ...pageFields(),
  accountId: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/)
    .optional(),
});

/** The official accounts of the units in scope: list, one, its history. */
@Controller('api/guidance/accounts')
export class OfficialAccountsController {
  constructor(@Inject(OfficialAccountsReadModel) private readonly readModel: OfficialAccountsReadModel) {}

  @Get()
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ accounts: OfficialAccountRow[]; next?: string }> {
    const { limit, after } = page.parse(query);
    return this.readModel.list(auth.scope, limit, after);
  }

  @Get(':accountId')
  @Permission('guidance.read-releases', { orgUnitFrom: byAccount })
  async one(@Param('accountId') accountId: string): Promise<OfficialAccountRow> {
    const row = await this.readModel.one(accountId);
    if (!row) throw new NotFoundException(`official account ${accountId} not found`);
    return row;
  }

  @Get(':accountId/history')
  @Permission('guidance.read-releases', { orgUnitFrom: byAccount })
  async history(@Param('accountId') accountId: string): Promise<{ events: RecordedEvent[] }> {
    return { events: await this.readModel.history(accountId) };
  }
}

/** Releases nobody approved (未经审批发布), detected from the official accounts of the units in scope. */
@Controller('api/guidance/unapproved-releases')
export class UnapprovedReleasesController {
  constructor(@Inject(OfficialAccountsReadModel) private readonly readModel: OfficialAccountsReadModel) {}

  @Get()
  @Permission('guidance.read-releases', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ detections: UnapprovedReleaseRow[]; next?: string }> {
    const { limit, after, accountId } = detectionsQuery.parse(query);
    return this.readModel.detections(auth.scope, limit, after, accountId);
  }
}
