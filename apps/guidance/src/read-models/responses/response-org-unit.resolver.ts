import { Inject, Injectable } from '@nestjs/common';
import type { OrgUnitResolver } from '@yuqing/auth';
import { ResponsesReadModel } from './responses.read-model';

/** The org unit of an incident's response (the incident's unit), so the guard can check a caller's scope. */
@Injectable()
export class ResponseOrgUnitResolver implements OrgUnitResolver {
  constructor(@Inject(ResponsesReadModel) private readonly readModel: ResponsesReadModel) {}

  resolve(incidentId: string): Promise<string | undefined> {
    return this.readModel.orgUnitOf(incidentId);
  }
}
