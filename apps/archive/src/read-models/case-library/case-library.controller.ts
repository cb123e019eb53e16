import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Auth, isOrgUnitPath, Permission, type AuthContext } from '@yuqing/auth';
import { gradeLevel } from '@yuqing/contracts';
import { pageFields } from '@yuqing/service-kit';
import { CaseLibraryReadModel, type LibraryEntry, type LibraryPage } from './case-library.read-model';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const libraryQuery = z.strictObject({
  ...pageFields(),
  q: z.string().trim().min(1).max(200).optional(),
  level: gradeLevel.optional(),
  category: z.string().trim().min(1).max(50).optional(),
  orgUnit: z.string().max(200).refine(isOrgUnitPath, 'not an org unit path').optional(),
  from: instant.optional(),
  to: instant.optional(),
});

const similarQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(20).default(5) });

/**
 * The case library (案例库): closed cases to learn from, searched in Chinese, and the similar past cases shown
 * beside a live incident. Only cases of units in the caller's scope are ever returned.
 */
@Controller('api/archive')
export class CaseLibraryController {
  constructor(@Inject(CaseLibraryReadModel) private readonly readModel: CaseLibraryReadModel) {}

  @Get('library')
  @Permission('archive.read-cases', { orgUnitFrom: 'none' })
  search(@Auth() auth: AuthContext, @Query() query: unknown): Promise<LibraryPage> {
    const { limit, after, ...filter } = libraryQuery.parse(query);
    return this.readModel.search(auth.scope, filter, limit, after);
  }

  @Get('incidents/:incidentId/similar-cases')
  @Permission('archive.read-cases', { orgUnitFrom: { resolver: 'case', from: 'params.incidentId' } })
  async similar(
    @Auth() auth: AuthContext,
    @Param('incidentId') incidentId: string,
    @Query() query: unknown,
  ): Promise<{ cases: LibraryEntry[] }> {
    const { limit } = similarQuery.parse(query);
    return { cases: await this.readModel.similar(auth.scope, incidentId, limit) };
  }
}
