import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, Ctx, Permission, type AuthContext } from '@yuqing/auth';
import type { RecordedEvent } from '@yuqing/contracts';
import { pageFields, type CommandContext } from '@yuqing/service-kit';
import { CaseAccess } from './case-access';
import {
  CaseFilesReadModel,
  type CaseEntryRow,
  type CaseReadRow,
  type CaseRow,
} from './case-files.read-model';

const byCase = { resolver: 'case', from: 'params.caseId' } as const;
const listQuery = z.strictObject({ ...pageFields(), status: z.enum(['open', 'closed']).optional() });

/**
 * Case files (案卷) for the offices that handled them and for auditors (第三十条: confidential). The list shows
 * cases, not their content; reading one case file is recorded before it is answered.
 */
@Controller('api/archive/cases')
export class CaseFilesController {
  constructor(
    @Inject(CaseFilesReadModel) private readonly readModel: CaseFilesReadModel,
    @Inject(CaseAccess) private readonly access: CaseAccess,
  ) {}

  @Get()
  @Permission('archive.read-case-files', { orgUnitFrom: 'none' })
  list(@Auth() auth: AuthContext, @Query() query: unknown): Promise<{ cases: CaseRow[]; next?: string }> {
    const { limit, after, status } = listQuery.parse(query);
    return this.readModel.list(auth.scope, status ? { status } : {}, limit, after);
  }

  /** The case, every entry with the event it was filed from (context, stream, position, hash), and its readers. */
  @Get(':caseId')
  @Permission('archive.read-case-files', { orgUnitFrom: byCase })
  async one(
    @Param('caseId') caseId: string,
    @Ctx() ctx: CommandContext,
  ): Promise<{ case: CaseRow; entries: CaseEntryRow[]; reads: CaseReadRow[] }> {
    await this.access.record(caseId, 'view', ctx);
    const file = await this.readModel.caseFile(caseId);
    if (!file) throw new NotFoundException(`case ${caseId} not found`);
    return file;
  }

  @Get(':caseId/history')
  @Permission('archive.read-case-files', { orgUnitFrom: byCase })
  async history(
    @Param('caseId') caseId: string,
    @Ctx() ctx: CommandContext,
  ): Promise<{ events: RecordedEvent[] }> {
    await this.access.record(caseId, 'view', ctx);
    return { events: await this.readModel.history(caseId) };
  }
}
