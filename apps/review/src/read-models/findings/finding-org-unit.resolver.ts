import { Inject, Injectable } from '@nestjs/common';
import type { OrgUnitResolver } from '@yuqing/auth';
import { FindingsReadModel } from './findings.read-model';

/** The org unit a finding belongs to, so the guard can check a caller's scope. */
@Injectable()
export class FindingOrgUnitResolver implements OrgUnitResolver {
  constructor(@Inject(FindingsReadModel) private readonly readModel: FindingsReadModel) {}

  resolve(findingId: string): Promise<string | undefined> {
    return this.readModel.orgUnitOf(findingId);
  }
}
