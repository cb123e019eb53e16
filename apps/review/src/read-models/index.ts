import type { OrgUnitResolvers } from '@yuqing/auth';
import type { ProjectionDefinition } from '@yuqing/event-store';
import { FindingOrgUnitResolver } from './findings/finding-org-unit.resolver';
import { FindingsController } from './findings/findings.controller';
import { findingsProjection } from './findings/findings.projection';
import { FindingsReadModel } from './findings/findings.read-model';
import { NoticeOrgUnitResolver } from './notices/notice-org-unit.resolver';
import { noticesProjection } from './notices/notices.projection';
import { NoticesReadModel } from './notices/notices.read-model';
import { RatingsController } from './ratings/ratings.controller';
import { ratingsProjection } from './ratings/ratings.projection';
import { RatingsReadModel } from './ratings/ratings.read-model';

// Every read model of review: one folder each (projection, read model, GET controller). The projection
// runner (EventSourcingModule), `npm run projections:rebuild -- review` and the rebuild-equals-live test read
// `projections` and `DEFAULT_SCHEMA` from this file.

/** The schema the service keeps its events and read models in unless configured otherwise (REVIEW_SCHEMA). */
export const DEFAULT_SCHEMA = 'review';

/** The declared projections (they take their tables from the scope they are run in, whatever the schema). */
export function projections(_schema?: string): ProjectionDefinition[] {
  return [findingsProjection, ratingsProjection, noticesProjection];
}

export const reviewReadModels = [
  FindingsReadModel,
  RatingsReadModel,
  NoticesReadModel,
  FindingOrgUnitResolver,
  NoticeOrgUnitResolver,
];
export const reviewQueryControllers = [FindingsController, RatingsController];
/** The guard's resolvers, by the names @Permission uses. */
export const reviewResolvers: OrgUnitResolvers = {
  finding: FindingOrgUnitResolver,
  notice: NoticeOrgUnitResolver,
};
