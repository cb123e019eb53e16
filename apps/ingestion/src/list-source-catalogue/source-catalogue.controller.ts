import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import { platform, reachTier } from '@yuqing/contracts';
import { searchCatalogue, type CatalogueOutlet } from '@yuqing/ingestion-domain';
import { nextOffsetCursor, offsetCursor } from '@yuqing/service-kit';
import { INGESTION_CONFIG, SOURCE_CATALOGUE } from '../ingestion.tokens';
import type { IngestionConfig } from '../ingestion.config';

const listing = z.strictObject({
  reachTier: reachTier.optional(),
  platform: platform.optional(),
  /** Part of a name or host, or a whole address (a feed URL): the outlet that covers it. */
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(100).optional(),
});

/**
 * GET /api/ingestion/source-catalogue: the known outlets (central media, national portals, 云南网, city sites) whose
 * hosts set the reach of captured items, for administrators registering sources. Each row is in the format of
 * SOURCE_CATALOGUE_FILE, so a deployment can start its own file from this list.
 */
@Controller('api/ingestion/source-catalogue')
export class SourceCatalogueController {
  constructor(
    @Inject(SOURCE_CATALOGUE) private readonly catalogue: readonly CatalogueOutlet[],
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  list(@Query() query: unknown): {
    outlets: CatalogueOutlet[];
    total: number;
    origin: 'default' | 'SOURCE_CATALOGUE_FILE';
    next?: string;
  } {
    const { limit, after, q, ...filters } = listing.parse(query);
    const found = searchCatalogue(this.catalogue, { ...filters, ...(q ? { search: q } : {}) });
    // The catalogue is fixed while the service runs, so a cursor is the position in the ordered, filtered list.
    const offset = offsetCursor(after);
    const outlets = found.slice(offset, offset + limit);
    return {
      outlets,
      total: found.length,
      origin: this.config.SOURCE_CATALOGUE_FILE ? 'SOURCE_CATALOGUE_FILE' : 'default',
      ...(offset + limit < found.length ? { next: nextOffsetCursor(offset + limit) } : {}),
    };
  }
}
