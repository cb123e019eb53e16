/** Query parameters that only track who shared what; two links that differ in them are the same item. */
const TRACKING =
  /^(utm_.*|spm|from|share_.*|isappinstalled|scene|clicktime|enterid|wfr|vd_source|timestamp|_t|fbclid|gclid|src|ref|sharer.*|tt_from|mp_share|chksm|sessionid)$/i;

export class InvalidUrlError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`not a usable http(s) URL: ${reason}`);
    this.name = 'InvalidUrlError';
  }
}

/**
 * The canonical form of an item's address, for exact-duplicate detection: scheme and host lower-cased, default
 * port and fragment dropped, tracking parameters removed, the rest sorted, no trailing slash. WeChat article
 * links keep their identifying parameters (__biz, mid, idx, sn).
 */
export function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidUrlError(raw, 'it does not parse');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidUrlError(raw, `scheme ${url.protocol} is not http or https`);
  if (url.username || url.password) throw new InvalidUrlError(raw, 'credentials in the URL');
  url.hash = '';
  const kept = [...url.searchParams.entries()]
    .filter(([key]) => !TRACKING.test(key))
    .sort(([a], [b]) => a.localeCompare(b));
  url.search = '';
  for (const [key, value] of kept) url.searchParams.append(key, value);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}
