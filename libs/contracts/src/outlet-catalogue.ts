import { z } from 'zod';
import { platform, reachTier, type Platform, type ReachTier } from './vocabulary';

// The deployment's catalogue of known outlets (媒体目录): each outlet's hosts, platform and reach tier. Two contexts
// read it: ingestion widens an item's reach to what the catalogue knows of its host, and grading takes the city's
// main sites (市内主要网站, 第三条 二级) from it. It lives here, in the shared vocabulary, rather than in either
// context's library, so that one list decides both (contexts do not import each other's libraries), and a
// deployment's file (SOURCE_CATALOGUE_FILE) replaces it for both at once.

/** An outlet known to the deployment: its hosts and how far it reaches. */
export interface OutletCatalogueEntry {
  readonly name: string;
  /** Hosts and their subdomains, e.g. `people.com.cn` covers `yn.people.com.cn`. */
  readonly hosts: readonly string[];
  readonly platform: Platform;
  readonly reachTier: ReachTier;
}

/** A deployment's catalogue file (SOURCE_CATALOGUE_FILE): a JSON array of outlets. */
export const outletCatalogueSchema = z
  .array(
    z.strictObject({
      name: z.string().min(1).max(200),
      hosts: z
        .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a lower-case host name such as people.com.cn'))
        .min(1)
        .max(20),
      platform,
      reachTier,
    }),
  )
  .max(5000);

/**
 * The outlets every deployment starts with: the demo city 昆明's (第三条: 中央媒体, large national portals,
 * provincial media and the provincial news portal such as 云南网, main city sites). A deployment replaces it with
 * its own file. Hosts of platforms where anyone posts (Weibo, WeChat, forums) are not here: there the account, not
 * the host, decides the reach.
 */
export const DEFAULT_OUTLET_CATALOGUE: readonly OutletCatalogueEntry[] = [
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
