import type { Provider, Type } from '@nestjs/common';
import type { Migration, ProjectionDefinition } from '@yuqing/event-store';

/**
 * What one part of the archive adds to the module: its controllers, providers, the tables it needs (in the one
 * migration order, after the case files') and the projections the runner keeps. Each part's folder exports one.
 */
export interface ArchivePart {
  readonly controllers: readonly Type<unknown>[];
  readonly providers: readonly Provider[];
  readonly migrations: (schema: string) => Migration[];
  readonly projections: readonly ProjectionDefinition[];
}

export const NO_PART: ArchivePart = { controllers: [], providers: [], migrations: () => [], projections: [] };
