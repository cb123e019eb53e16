import iconv from 'iconv-lite';

// Real-shaped feeds for tests and the demo: a city forum (UTF-8) and a provincial news site (GBK) carrying one
// story, plus an unrelated item. Feeds quote what outlets publish: HTML in descriptions, entities, CDATA.

export const STORY =
  '近日有网友反映，西山区碧鸡街道某小区旁的河道污染严重，河水发黑发臭，居民多次投诉无人处理。记者实地走访发现，河道两侧堆满生活垃圾，' +
  '部分排污口直接向河道排放污水。附近居民表示，夏季气味尤其难闻。西山区生态环境分局工作人员回应称，已关注到相关情况，将组织人员开展调查。';

export function forumFeedUtf8(base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>昆明信息港论坛 - 民生热线</title>
    <link>${base}/forum</link>
    <description>网友发帖</description>
    <item>
      <title>西山区碧鸡街道河道污染严重，居民投诉无人管</title>
      <link>${base}/forum/thread/1001?from=rss</link>
      <description><![CDATA[<p>${STORY}</p><script>alert('x')</script>]]></description>
      <dc:creator>热心市民老张</dc:creator>
      <pubDate>Wed, 25 Nov 2026 01:10:00 GMT</pubDate>
    </item>
    <item>
      <title>西山区某工地拖欠农民工工资三个月</title>
      <link>${base}/forum/thread/1002</link>
      <description>西山区某建筑工地多名农民工反映被欠薪三个月，讨薪无门，希望劳动监察部门介入。</description>
      <pubDate>Wed, 25 Nov 2026 01:30:00 GMT</pubDate>
    </item>
  </channel>
</rss>`;
}

export function newsFeedGbk(base: string): Buffer {
  const xml = `<?xml version="1.0" encoding="GBK"?>
<rss version="2.0">
  <channel>
    <title>云南某新闻网 - 昆明</title>
    <link>${base}/news</link>
    <item>
      <title>【转载】西山区碧鸡街道河道污染严重，居民投诉无人管</title>
      <link>${base}/news/2026/1125/77.html</link>
      <description>&lt;p&gt;转载：${STORY} 来源：昆明信息港 编辑：李明&lt;/p&gt;</description>
      <pubDate>Wed, 25 Nov 2026 02:00:00 GMT</pubDate>
    </item>
  </channel>
</rss>`;
  return iconv.encode(xml, 'gbk');
}
