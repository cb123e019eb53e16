import { Inject, Injectable } from '@nestjs/common';
import type { OrgUnitResolver } from '@yuqing/auth';
import { CaseFilesReadModel } from './case-files.read-model';

/** The org unit of a case (the incident's unit), so the guard can check a caller's scope; by case or incident id. */
@Injectable()
export class CaseOrgUnitResolver implements OrgUnitResolver {
  constructor(@Inject(CaseFilesReadModel) private readonly readModel: CaseFilesReadModel) {}

  resolve(caseId: string): Promise<string | undefined> {
    return this.readModel.orgUnitOf(caseId);
  }
}
