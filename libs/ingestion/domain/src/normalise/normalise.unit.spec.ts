import { canonicalUrl, InvalidUrlError } from './canonical-url';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('keeps the words, drops scripts, styles and comments with their contents, and decodes entities', () => {
    const html = `<html><head><title>t</title><script>alert("x")</script></head><body>
      <style>.a{color:red}</style><!-- 编辑备注 --><p>西山区&nbsp;河道<b>污染</b>严重&hellip;</p>
      <div>居民&ldquo;不满意&rdquo;&#65281;&#x4e8c;</div><img src=x onerror=alert(1)></body></html>`;
    expect(htmlToText(html)).toBe('西山区 河道污染严重…\n\n居民“不满意”！二');
  });

  it('leaves markup that was escaped in the source as text, never as tags', () => {
    expect(htmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe('<script>alert(1)</script>');
  });

  it('treats a lone "<" as text and survives unclosed tags and scripts', () => {
    expect(htmlToText('价格 a < b 元')).toBe('价格 a < b 元');
    expect(htmlToText('正文<script>while(1){}')).toBe('正文');
    expect(htmlToText('正文<div class="x"')).toBe('正文<div class="x"');
  });

  it('removes control and zero-width characters and bounds the length', () => {
    expect(htmlToText('污\u200b染\u0007事件\ufeff')).toBe('污染事件');
    expect(htmlToText('字'.repeat(60_000), 1000)).toHaveLength(1000);
  });

  it('drops invalid numeric entities instead of producing broken text', () => {
    expect(htmlToText('a&#0;b&#xD800;c&#x110000;d')).toBe('a b c d');
  });
});

describe('canonicalUrl', () => {
  it('makes reposted links of one page equal', () => {
    const a = canonicalUrl(
      'HTTPS://News.Example.cn:443/2026/11/25/123.html?utm_source=weibo&b=2&a=1#comments',
    );
    const b = canonicalUrl('https://news.example.cn/2026/11/25/123.html?a=1&b=2&spm=abc');
    expect(a).toBe('https://news.example.cn/2026/11/25/123.html?a=1&b=2');
    expect(b).toBe(a);
  });

  it('keeps the parameters that identify a WeChat article', () => {
    expect(
      canonicalUrl(
        'https://mp.weixin.qq.com/s?__biz=MzA&mid=265&idx=1&sn=abc&chksm=zz&scene=21#wechat_redirect',
      ),
    ).toBe('https://mp.weixin.qq.com/s?__biz=MzA&idx=1&mid=265&sn=abc');
  });

  it('refuses what is not an http(s) address', () => {
    expect(() => canonicalUrl('javascript:alert(1)')).toThrow(InvalidUrlError);
    expect(() => canonicalUrl('file:///etc/passwd')).toThrow(/scheme file: is not http or https/);
    expect(() => canonicalUrl('https://user:pw@example.cn/')).toThrow(/credentials/);
    expect(() => canonicalUrl('不是网址')).toThrow(/does not parse/);
  });
});
