import type { OrgUnitResolvers } from '@yuqing/auth';
import type { ProjectionDefinition } from '@yuqing/event-store';
import { ResponseOrgUnitResolver } from './responses/response-org-unit.resolver';
import { ResponsesController } from './responses/responses.controller';
import { responsesProjection } from './responses/responses.projection';
import { ResponsesReadModel } from './responses/responses.read-model';

// Every read model of guidance: one folder each (projection, read model, GET controller). The projection
// runner (EventSourcingModule), `npm run projections:rebuild -- guidance` and the rebuild-equals-live test read
// `projections` and `DEFAULT_SCHEMA` from this file.

/** The schema the service keeps its events and read models in unless configured otherwise (GUIDANCE_SCHEMA). */
export const DEFAULT_SCHEMA = 'guidance';

/** The declared projections (they take their tables from the scope they are run in, whatever the schema). */
export function projections(_schema?: string): ProjectionDefinition[] {
  return [responsesProjection];
}

export const guidanceReadModels = [ResponsesReadModel, ResponseOrgUnitResolver];
export const guidanceQueryControllers = [ResponsesController];
/** The guard's resolvers, by the names @Permission uses. */
export const guidanceResolvers: OrgUnitResolvers = { response: ResponseOrgUnitResolver };
