import type { Platform } from '@yuqing/contracts';
import { REACH_ORDER, type ReachTier } from '../heat/heat-index';

/** An outlet known to the deployment: its hosts and how far it reaches. */
export interface CatalogueOutlet {
  readonly name: string;
  /** Hosts and their subdomains, e.g. `people.com.cn` covers `yn.people.com.cn`. */
  readonly hosts: readonly string[];
  readonly platform: Platform;
  readonly reachTier: ReachTier;
}

/**
 * The outlets every deployment starts with (第三条: 中央媒体, large national portals, provincial media and the
 * provincial news portal such as 云南网, main city sites). A deployment replaces it with its own file
 * (SOURCE_CATALOGUE_FILE). Hosts of platforms where anyone posts (Weibo, WeChat, forums) are not here: there
 * the account, not the host, decides the reach.
 */
export const DEFAULT_SOURCE_CATALOGUE: readonly CatalogueOutlet[] = [
  {
    name: '人民网',
    hosts: ['people.com.cn', 'people.cn'],
    platform: 'news-site',
    reachTier: 'central-media',
  },
  { name: '新华网', hosts: ['xinhuanet.com', 'news.cn'], platform: 'news-site', reachTier: 'central-media' },
  {
    name: '央视网',
    hosts: ['cctv.com', 'cctv.cn', 'cntv.cn'],
    platform: 'news-site',
    reachTier: 'central-media',
  },
  {
    name: '中国新闻网',
    hosts: ['chinanews.com.cn', 'chinanews.com'],
    platform: 'news-site',
    reachTier: 'central-media',
  },
  { name: '光明网', hosts: ['gmw.cn'], platform: 'news-site', reachTier: 'central-media' },
  { name: '中国日报网', hosts: ['chinadaily.com.cn'], platform: 'news-site', reachTier: 'central-media' },
  { name: '中国青年网', hosts: ['youth.cn'], platform: 'news-site', reachTier: 'central-media' },
  { name: '央广网', hosts: ['cnr.cn'], platform: 'news-site', reachTier: 'central-media' },
  { name: '中国网', hosts: ['china.com.cn'], platform: 'news-site', reachTier: 'central-media' },
  { name: '环球网', hosts: ['huanqiu.com'], platform: 'news-site', reachTier: 'central-media' },
  { name: '中国经济网', hosts: ['ce.cn'], platform: 'news-site', reachTier: 'central-media' },
  { name: '中青在线', hosts: ['cyol.com'], platform: 'news-site', reachTier: 'central-media' },
  { name: '法治网', hosts: ['legaldaily.com.cn'], platform: 'news-site', reachTier: 'central-media' },
  // www.gov.cn only: other *.gov.cn hosts are provincial, city and county government sites.
  { name: '中国政府网', hosts: ['www.gov.cn'], platform: 'portal', reachTier: 'central-media' },
  {
    name: '新浪新闻',
    hosts: ['news.sina.com.cn', 'sina.cn'],
    platform: 'portal',
    reachTier: 'national-portal',
  },
  {
    name: '腾讯新闻',
    hosts: ['news.qq.com', 'new.qq.com'],
    platform: 'portal',
    reachTier: 'national-portal',
  },
  { name: '网易新闻', hosts: ['news.163.com', '163.com'], platform: 'portal', reachTier: 'national-portal' },
  { name: '搜狐新闻', hosts: ['sohu.com'], platform: 'portal', reachTier: 'national-portal' },
  { name: '凤凰网', hosts: ['ifeng.com'], platform: 'portal', reachTier: 'national-portal' },
  { name: '澎湃新闻', hosts: ['thepaper.cn'], platform: 'news-site', reachTier: 'national-portal' },
  { name: '今日头条', hosts: ['toutiao.com'], platform: 'portal', reachTier: 'national-portal' },
  { name: '新京报', hosts: ['bjnews.com.cn'], platform: 'news-site', reachTier: 'national-portal' },
  { name: '界面新闻', hosts: ['jiemian.com'], platform: 'news-site', reachTier: 'national-portal' },
  { name: '云南网', hosts: ['yunnan.cn'], platform: 'news-site', reachTier: 'provincial-portal' },
  { name: '云南日报', hosts: ['yndaily.com'], platform: 'news-site', reachTier: 'provincial-media' },
  { name: '云南广播电视台', hosts: ['yntv.cn'], platform: 'news-site', reachTier: 'provincial-media' },
  { name: '云南省人民政府网', hosts: ['yn.gov.cn'], platform: 'portal', reachTier: 'provincial-portal' },
  { name: '昆明信息港', hosts: ['kunming.cn'], platform: 'news-site', reachTier: 'city-site' },
  { name: '昆明市人民政府网', hosts: ['km.gov.cn'], platform: 'portal', reachTier: 'city-site' },
];

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
