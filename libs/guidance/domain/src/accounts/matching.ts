import type { DetectionPolicy } from './detection.policy';
import { bigrams, bigramCosine, normaliseText } from './similarity';

// Which official account an item comes from, and whether an approved release of the account's unit covers it.
// Pure: the handler loads the accounts and the releases, this decides.

/** An official account as matching needs it (the registered fields). */
export interface AccountSignature {
  readonly platform: string;
  readonly urlPrefixes: readonly string[];
  readonly authorNames: readonly string[];
}

/** A captured item as ingestion published it (ItemCaptured), the fields matching reads. */
export interface CapturedItem {
  readonly itemId: string;
  readonly url: string;
  readonly canonicalUrl: string;
  readonly platform: string;
  readonly outlet: string;
  readonly author?: string;
  readonly title: string;
  readonly text: string;
  readonly capturedAt: string;
  readonly publishedAt?: string;
}

/** An approved release of the unit, published (helper data of guidance's ReleasePublished). */
export interface PublishedRelease {
  readonly releaseId: string;
  readonly incidentId: string;
  readonly url?: string;
  readonly publishedAt: string;
  readonly text: string;
}

export type ReleaseMatch =
  | {
      readonly matched: true;
      readonly releaseId: string;
      readonly by: 'url' | 'text';
      readonly similarity: number;
    }
  | {
      readonly matched: false;
      /** The most similar release in the window: the evidence a reviewer starts from. */
      readonly nearest?: {
        readonly releaseId: string;
        readonly incidentId: string;
        readonly url?: string;
        readonly similarity: number;
      };
    };

/** Tracking parameters, as ingestion drops them, so a release's address compares with ItemCaptured.canonicalUrl. */
const TRACKING =
  /^(utm_.*|spm|from|share_.*|isappinstalled|scene|clicktime|enterid|wfr|vd_source|timestamp|_t|fbclid|gclid|src|ref|sharer.*|tt_from|mp_share|chksm|sessionid)$/i;

/** The canonical address (ingestion's rule: no fragment, no tracking parameters, sorted, no trailing slash). */
export function canonicalAddress(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const kept = [...url.searchParams.entries()]
    .filter(([key]) => !TRACKING.test(key))
    .sort(([a], [b]) => a.localeCompare(b));
  url.search = '';
  for (const [key, value] of kept) url.searchParams.append(key, value);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}

/** The host of an address, lower case without a default port; undefined if it is not an http(s) URL. */
export function hostOf(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function underPrefix(itemUrl: string, prefix: string): boolean {
  let item: URL;
  let base: URL;
  try {
    item = new URL(itemUrl);
    base = new URL(prefix);
  } catch {
    return false;
  }
  if (item.host.toLowerCase() !== base.host.toLowerCase()) return false;
  // A path prefix matches at a segment boundary: /xwzx/ covers /xwzx/1.html, /xwzx covers /xwzx/1 but not /xwzx2.
  const path = base.pathname;
  if (path === '/' || path === '') return true;
  if (path.endsWith('/')) return item.pathname.startsWith(path);
  return item.pathname === path || item.pathname.startsWith(`${path}/`);
}

function sameName(a: string, b: string): boolean {
  return a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();
}

/** Whether the item was published by the account: under one of its addresses, or by one of its names on its platform. */
export function isFromAccount(account: AccountSignature, item: CapturedItem): boolean {
  if (account.urlPrefixes.some((prefix) => underPrefix(item.url, prefix))) return true;
  if (account.platform !== item.platform) return false;
  const names = [item.author, item.outlet].filter((n): n is string => n !== undefined);
  return account.authorNames.some((name) => names.some((n) => sameName(name, n)));
}

/** The time the item is placed at: when it was published if the platform shows it, else when it was captured. */
export function itemTime(item: CapturedItem): Date {
  return new Date(item.publishedAt ?? item.capturedAt);
}

/** The window of release publication times the policy compares an item with. */
export function releaseWindow(item: CapturedItem, policy: DetectionPolicy): { from: Date; to: Date } {
  const at = itemTime(item).getTime();
  const hour = 3_600_000;
  return {
    from: new Date(at - policy.windowHoursBefore * hour),
    to: new Date(at + policy.windowHoursAfter * hour),
  };
}

/**
 * Whether an approved release covers the item: the same canonical address (whenever it was published), or text at
 * least `similarityThreshold` alike among the releases in the window. Otherwise the nearest release in the window.
 */
export function matchRelease(
  item: CapturedItem,
  releases: readonly PublishedRelease[],
  policy: DetectionPolicy,
): ReleaseMatch {
  const itemAddresses = new Set(
    [item.canonicalUrl, canonicalAddress(item.url)].filter((a) => a !== undefined),
  );
  for (const release of releases) {
    const address = release.url === undefined ? undefined : canonicalAddress(release.url);
    if (address !== undefined && itemAddresses.has(address))
      return { matched: true, releaseId: release.releaseId, by: 'url', similarity: 1 };
  }
  const { from, to } = releaseWindow(item, policy);
  const at = itemTime(item).getTime();
  const inWindow = releases
    .filter((r) => {
      const t = new Date(r.publishedAt).getTime();
      return t >= from.getTime() && t <= to.getTime();
    })
    .sort(
      (a, b) =>
        Math.abs(new Date(a.publishedAt).getTime() - at) - Math.abs(new Date(b.publishedAt).getTime() - at),
    )
    .slice(0, policy.maxCandidates);
  if (inWindow.length === 0) return { matched: false };
  const itemBigrams = bigrams(normaliseText(`${item.title}\n${item.text}`, policy.maxCompareChars));
  let nearest: { release: PublishedRelease; similarity: number } | undefined;
  for (const release of inWindow) {
    const similarity = bigramCosine(
      itemBigrams,
      bigrams(normaliseText(release.text, policy.maxCompareChars)),
    );
    if (!nearest || similarity > nearest.similarity) nearest = { release, similarity };
  }
  if (nearest && nearest.similarity >= policy.similarityThreshold)
    return {
      matched: true,
      releaseId: nearest.release.releaseId,
      by: 'text',
      similarity: nearest.similarity,
    };
  return nearest
    ? {
        matched: false,
        nearest: {
          releaseId: nearest.release.releaseId,
          incidentId: nearest.release.incidentId,
          ...(nearest.release.url !== undefined ? { url: nearest.release.url } : {}),
          similarity: nearest.similarity,
        },
      }
    : { matched: false };
}
