import type { OrgUnitResolvers } from '@yuqing/auth';
import type { ProjectionDefinition } from '@yuqing/event-store';
import {
  MyGuidanceTasksController,
  OnlineGuidanceController,
} from './online-guidance/online-guidance.controller';
import { onlineGuidanceProjection } from './online-guidance/online-guidance.projection';
import { OnlineGuidanceReadModel } from './online-guidance/online-guidance.read-model';
import {
  GuidanceTaskResolver,
  OnlineGuidanceApproverResolver,
} from './online-guidance/online-guidance.resolvers';
import { WrittenRequestApproverResolver } from './written-requests/written-request-approver.resolver';
import { WrittenRequestsController } from './written-requests/written-requests.controller';
import { writtenRequestsProjection } from './written-requests/written-requests.projection';
import { WrittenRequestsReadModel } from './written-requests/written-requests.read-model';
import { OfficialAccountOrgUnitResolver } from './official-accounts/official-account-org-unit.resolver';
import {
  OfficialAccountsController,
  UnapprovedReleasesController,
} from './official-accounts/official-accounts.controller';
import { officialAccountsProjection } from './official-accounts/official-accounts.projection';
import { OfficialAccountsReadModel } from './official-accounts/official-accounts.read-model';
import { publishedReleasesProjection } from './published-releases/published-releases.projection';
import { PublishedReleasesReadModel } from './published-releases/published-releases.read-model';
import { ResponseOrgUnitResolver } from './responses/response-org-unit.resolver';
import { ReleasesController, ResponsesController } from './responses/responses.controller';
import { responsesProjection } from './responses/responses.projection';
import { ResponsesReadModel } from './responses/responses.read-model';

// Every read model of guidance: one folder each (projection, read model, GET controller). The projection
// runner (EventSourcingModule), `npm run projections:rebuild -- guidance` and the rebuild-equals-live test read
// `projections` and `DEFAULT_SCHEMA` from this file.

/** The schema the service keeps its events and read models in unless configured otherwise (GUIDANCE_SCHEMA). */
export const DEFAULT_SCHEMA = 'guidance';

/** The declared projections (they take their tables from the scope they are run in, whatever the schema). */
export function projections(_schema?: string): ProjectionDefinition[] {
  return [
    officialAccountsProjection,
    publishedReleasesProjection,
    responsesProjection,
    writtenRequestsProjection,
    onlineGuidanceProjection,
  ];
}

export const guidanceReadModels = [
  WrittenRequestsReadModel,
  WrittenRequestApproverResolver,
  OnlineGuidanceReadModel,
  OnlineGuidanceApproverResolver,
  GuidanceTaskResolver,
  OfficialAccountsReadModel,
  OfficialAccountOrgUnitResolver,
  PublishedReleasesReadModel,
  ResponsesReadModel,
  ResponseOrgUnitResolver,
];
export const guidanceQueryControllers = [
  WrittenRequestsController,
  OnlineGuidanceController,
  MyGuidanceTasksController,
  OfficialAccountsController,
  UnapprovedReleasesController,
  ResponsesController,
  ReleasesController,
];
/** The guard's resolvers, by the names @Permission uses. */
export const guidanceResolvers: OrgUnitResolvers = {
  writtenRequestApprover: WrittenRequestApproverResolver,
  onlineGuidanceApprover: OnlineGuidanceApproverResolver,
  guidanceTask: GuidanceTaskResolver,
  officialAccount: OfficialAccountOrgUnitResolver,
  response: ResponseOrgUnitResolver,
};
