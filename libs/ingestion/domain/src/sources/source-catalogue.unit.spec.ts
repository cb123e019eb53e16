import { catalogueReach, DEFAULT_SOURCE_CATALOGUE, effectiveReach } from './source-catalogue';

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
