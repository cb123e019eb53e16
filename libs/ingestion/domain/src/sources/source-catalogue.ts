import { DEFAULT_OUTLET_CATALOGUE, type OutletCatalogueEntry, type Platform } from '@yuqing/contracts';
import { REACH_ORDER, type ReachTier } from '../heat/heat-index';

/** An outlet known to the deployment: its hosts and how far it reaches. */
export type CatalogueOutlet = OutletCatalogueEntry;

/**
 * The outlets every deployment starts with. The list is the shared vocabulary's (@yuqing/contracts), since grading
 * takes the city's main sites from the same catalogue; a deployment replaces it with its own file
 * (SOURCE_CATALOGUE_FILE).
 */
export const DEFAULT_SOURCE_CATALOGUE: readonly CatalogueOutlet[] = DEFAULT_OUTLET_CATALOGUE;

/** The catalogue's reach for a URL's host (the most specific host wins), or undefined for an unknown outlet. */
export function catalogueReach(
  url: string,
  catalogue: readonly CatalogueOutlet[] = DEFAULT_SOURCE_CATALOGUE,
): CatalogueOutlet | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  let best: { outlet: CatalogueOutlet; length: number } | undefined;
  for (const outlet of catalogue) {
    for (const known of outlet.hosts) {
      if ((host === known || host.endsWith(`.${known}`)) && (!best || known.length > best.length))
        best = { outlet, length: known.length };
    }
  }
  return best?.outlet;
}

/**
 * The reach an item is recorded with: what its sender said, widened to what the catalogue knows of its host, so
 * a crawler cannot understate a central-media report (grading reads the widest reach of an incident).
 */
export function effectiveReach(
  url: string,
  stated: ReachTier,
  catalogue?: readonly CatalogueOutlet[],
): ReachTier {
  const known = catalogueReach(url, catalogue)?.reachTier;
  if (!known) return stated;
  return REACH_ORDER.indexOf(known) < REACH_ORDER.indexOf(stated) ? known : stated;
}

export interface CatalogueQuery {
  readonly reachTier?: ReachTier;
  readonly platform?: Platform;
  /**
   * Part of a name or a host (case-insensitive); a host or an address also finds the outlet that covers it (a
   * subdomain, a feed URL), so an administrator registering a feed sees the reach its items will get.
   */
  readonly search?: string;
}

/** Widest reach first, then by name: the order the catalogue is listed in. */
function catalogueOrder(a: CatalogueOutlet, b: CatalogueOutlet): number {
  return (
    REACH_ORDER.indexOf(a.reachTier) - REACH_ORDER.indexOf(b.reachTier) ||
    a.name.localeCompare(b.name, 'zh-Hans-CN') ||
    (a.hosts[0] ?? '').localeCompare(b.hosts[0] ?? '')
  );
}

/** The outlets that match a query, widest reach first, then by name. */
export function searchCatalogue(
  catalogue: readonly CatalogueOutlet[],
  query: CatalogueQuery = {},
): CatalogueOutlet[] {
  const needle = query.search?.trim().toLowerCase() ?? '';
  const covering = needle
    ? catalogueReach(/^[a-z][a-z0-9+.-]*:\/\//.test(needle) ? needle : `http://${needle}`, catalogue)
    : undefined;
  return catalogue
    .filter(
      (outlet) =>
        (!query.reachTier || outlet.reachTier === query.reachTier) &&
        (!query.platform || outlet.platform === query.platform) &&
        (!needle ||
          outlet === covering ||
          outlet.name.toLowerCase().includes(needle) ||
          outlet.hosts.some((host) => host.includes(needle))),
    )
    .sort(catalogueOrder);
}
