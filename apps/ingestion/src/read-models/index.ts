import type { ProjectionDefinition } from '@yuqing/event-store';
import { incidentsProjection } from './incidents/incidents.projection';
import { rulesProjection } from './rules/rules.projection';
import { sourcesProjection } from './sources/sources.projection';
import { watchWindowsProjection } from './watch-windows/watch-windows.projection';

/** The schema the service keeps its events and read models in unless configured otherwise. */
export const DEFAULT_SCHEMA = 'ingestion';

/**
 * The ingestion read models, in the order a commit applies them (sources before the watch windows that move
 * their next poll; everything before the items and incidents).
 */
export function projections(
  schema: string,
  wordsCache: Map<string, readonly string[]> = new Map(),
): ProjectionDefinition[] {
  return [
    sourcesProjection(schema),
    rulesProjection(schema),
    watchWindowsProjection(schema),
    incidentsProjection(schema, wordsCache),
  ];
}
