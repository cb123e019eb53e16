import type { ProjectionDefinition } from '@yuqing/event-store';
import { directoryProjection } from './directory/directory.projection';

/** The schema of the identity context unless configured otherwise. */
export const DEFAULT_SCHEMA = 'identity';

/** The gateway's read models: the identity directory. */
export function projections(schema: string): ProjectionDefinition[] {
  return [directoryProjection(schema)];
}
