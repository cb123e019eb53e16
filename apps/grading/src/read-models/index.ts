import type { ProjectionDefinition } from '@yuqing/event-store';
import { incidentsProjection } from './incidents/incidents.projection';

/** The schema the service keeps its events and read models in unless configured otherwise. */
export const DEFAULT_SCHEMA = 'grading';

/** The grading read models. */
export function projections(schema: string): ProjectionDefinition[] {
  return [incidentsProjection(schema)];
}
