import {
  catalogueReach,
  DEFAULT_SOURCE_CATALOGUE,
  effectiveReach,
  searchCatalogue,
} from './source-catalogue';

describe('the source catalogue', () => {
  it('knows central media, national portals, 云南网 and city sites by host, subdomains included', () => {
    expect(catalogueReach('http://yn.people.com.cn/n2/2026/1125/c372441.html')?.name).toBe('人民网');
    expect(catalogueReach('https://news.sina.com.cn/c/2026-11-25/doc-1.shtml')?.reachTier).toBe(
      'national-portal',
    );
    expect(catalogueReach('https://news.yunnan.cn/system/2026/11/25/1.shtml')?.reachTier).toBe(
      'provincial-portal',
    );
    expect(catalogueReach('https://www.kunming.cn/news/c/2026-11-25/1.htm')?.reachTier).toBe('city-site');
    expect(catalogueReach('https://bbs.example.cn/thread/1')).toBeUndefined();
    expect(catalogueReach('https://notpeople.com.cn/x')).toBeUndefined();
  });

  it('widens what a sender states to what the catalogue knows, never narrows it', () => {
    expect(effectiveReach('http://yn.people.com.cn/n2/1.html', 'individual-account')).toBe('central-media');
    expect(effectiveReach('https://www.kunming.cn/news/1.htm', 'provincial-media')).toBe('provincial-media');
    expect(effectiveReach('https://bbs.example.cn/thread/1', 'local')).toBe('local');
  });

  it('lets a deployment use its own catalogue', () => {
    const own = [
      ...DEFAULT_SOURCE_CATALOGUE,
      {
        name: '玉溪网',
        hosts: ['yuxinews.com'],
        platform: 'news-site' as const,
        reachTier: 'city-site' as const,
      },
    ];
    expect(effectiveReach('https://www.yuxinews.com/a/1.html', 'individual-account', own)).toBe('city-site');
  });
});

describe('searching the catalogue (administrators registering feeds)', () => {
  it('lists every outlet, widest reach first', () => {
    const all = searchCatalogue(DEFAULT_SOURCE_CATALOGUE);
    expect(all).toHaveLength(DEFAULT_SOURCE_CATALOGUE.length);
    expect(all[0]?.reachTier).toBe('central-media');
    expect(all[all.length - 1]?.reachTier).toBe('city-site');
  });

  it('filters by reach tier and platform', () => {
    expect(
      searchCatalogue(DEFAULT_SOURCE_CATALOGUE, { reachTier: 'provincial-portal' }).map((o) => o.name),
    ).toEqual(expect.arrayContaining(['云南网', '云南省人民政府网']));
    const portals = searchCatalogue(DEFAULT_SOURCE_CATALOGUE, {
      reachTier: 'national-portal',
      platform: 'portal',
    });
    expect(portals.length).toBeGreaterThan(3);
    expect(portals.every((o) => o.platform === 'portal' && o.reachTier === 'national-portal')).toBe(true);
  });

  it('finds an outlet by part of its name or host, and by a feed address on one of its subdomains', () => {
    expect(searchCatalogue(DEFAULT_SOURCE_CATALOGUE, { search: '云南' }).map((o) => o.name)).toEqual(
      expect.arrayContaining(['云南网', '云南日报', '云南广播电视台']),
    );
    expect(searchCatalogue(DEFAULT_SOURCE_CATALOGUE, { search: 'PEOPLE.com' })[0]?.name).toBe('人民网');
    expect(
      searchCatalogue(DEFAULT_SOURCE_CATALOGUE, { search: 'http://yn.people.com.cn/rss/yunnan.xml' }).map(
        (o) => o.name,
      ),
    ).toEqual(['人民网']);
    expect(searchCatalogue(DEFAULT_SOURCE_CATALOGUE, { search: 'bbs.example.cn' })).toEqual([]);
  });

  it('keeps county government sites out of the central government portal', () => {
    expect(catalogueReach('https://www.gov.cn/zhengce/1.htm')?.reachTier).toBe('central-media');
    expect(catalogueReach('https://www.kmyl.gov.cn/c/1.htm')).toBeUndefined();
    expect(catalogueReach('https://www.yn.gov.cn/ywdt/1.html')?.reachTier).toBe('provincial-portal');
  });
});
