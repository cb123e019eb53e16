import iconv from 'iconv-lite';
import { decodeFeed, FeedParseError, parseFeed } from './feed-parser';
import { isInternalAddress } from './safe-fetch';
import { forumFeedUtf8, newsFeedGbk } from './testing/feeds';

describe('feed parsing', () => {
  it('reads an RSS feed in UTF-8 with its HTML descriptions, authors and dates', () => {
    const entries = parseFeed(
      decodeFeed(Buffer.from(forumFeedUtf8('https://bbs.example.cn')), 'application/rss+xml; charset=utf-8'),
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      link: 'https://bbs.example.cn/forum/thread/1001?from=rss',
      title: '西山区碧鸡街道河道污染严重，居民投诉无人管',
      author: '热心市民老张',
      publishedAt: '2026-11-25T01:10:00.000Z',
    });
    expect(entries[0]!.content).toContain('<p>近日有网友反映');
  });

  it('reads a feed declared as GBK, with no charset in the header', () => {
    const [entry] = parseFeed(decodeFeed(newsFeedGbk('https://news.example.cn'), 'text/xml'));
    expect(entry!.title).toBe('【转载】西山区碧鸡街道河道污染严重，居民投诉无人管');
    expect(entry!.content).toContain('<p>转载：近日有网友反映');
  });

  it('reads GB2312 and GB18030 bodies named in the header', () => {
    const body = iconv.encode(
      '<rss><channel><item><title>滇池水质</title><link>https://a.example.cn/1</link></item></channel></rss>',
      'gb18030',
    );
    expect(parseFeed(decodeFeed(body, 'text/xml; charset=GB2312'))[0]!.title).toBe('滇池水质');
  });

  it('reads Atom', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>官渡区停水通知</title><link rel="alternate" href="https://gov.example.cn/n/1"/>
      <summary>因管网维修，官渡区部分区域停水。</summary><updated>2026-11-25T08:00:00+08:00</updated><author><name>官渡区水务局</name></author></entry></feed>`;
    expect(parseFeed(atom)).toEqual([
      {
        link: 'https://gov.example.cn/n/1',
        title: '官渡区停水通知',
        content: '因管网维修，官渡区部分区域停水。',
        author: '官渡区水务局',
        publishedAt: '2026-11-25T00:00:00.000Z',
      },
    ]);
  });

  it('refuses a document that is not a feed', () => {
    expect(() => parseFeed('<html><body>502 Bad Gateway</body></html>')).toThrow(FeedParseError);
    expect(() => parseFeed('not xml at all <<<')).toThrow(FeedParseError);
  });
});

describe('internal addresses', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::',
    'fec0::1',
    'ff02::1',
    // IPv4 inside IPv6, in the forms a URL parser produces or a user may write
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:7f00:1]',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:c0a8:101',
    '::7f00:1',
    '64:ff9b::7f00:1',
    '64:ff9b::a00:1',
    '2002:7f00:1::1',
    '2002:c0a8:101::',
    'not-an-address',
  ])('treats %s as internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });
  it.each([
    '1.2.4.8',
    '114.114.114.114',
    '2400:3200::1',
    '::ffff:72.72.72.72',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '240e:1::1',
  ])('treats %s as public', (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });
});
