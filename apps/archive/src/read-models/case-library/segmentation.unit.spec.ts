import { MARK_START as S, MARK_STOP as E, queryTerms, segmentedText, snippetOf, words } from './segmentation';

describe('segmenting Chinese for the case library', () => {
  it('splits a phrase into dictionary words, punctuation left out, latin lower-cased for the query', () => {
    expect(words('道路塌陷，居民出行受阻')).toEqual(['道路', '塌陷', '居民', '出行', '受阻']);
    expect(queryTerms('Wi-Fi 信号 信号')).toEqual(['wi', 'fi', '信号']);
  });

  it('gives no query term for a phrase of punctuation only (nothing for tsquery to parse)', () => {
    expect(queryTerms('！？&|:*()\'"')).toEqual([]);
  });

  it('keeps punctuation in the indexed text so a snippet reads, and takes the snippet markers out of captured text', () => {
    expect(segmentedText('管道破裂，道路塌陷')).toBe('管道 破裂 ， 道路 塌陷');
    expect(segmentedText(`有人${S}伪造${E}标记`)).not.toMatch(/[\uE000\uE001]/u);
  });

  it('puts segmented text back as it was written: its own spaces kept, no others', () => {
    for (const written of [
      '管道破裂，道路塌陷',
      'iPhone 15 发布会',
      '<img src=x onerror="window.__pwned=1"> 停水  三天',
      '县城　南门（全角空格）',
    ])
      expect(snippetOf(segmentedText(written)).text).toBe(written.replace(/\s+/gu, ' '));
  });
});

describe('a ts_headline result as a snippet', () => {
  it('removes the spaces between CJK characters, also at a highlight, and turns the markers into ranges', () => {
    const snippet = snippetOf(`县城 南门 ${S}自来水${E} ${S}管道${E} ${S}破裂${E} ， 道路 塌陷`);
    expect(snippet.text).toBe('县城南门自来水管道破裂，道路塌陷');
    expect(snippet.highlights.map(([start, end]) => snippet.text.slice(start, end))).toEqual([
      '自来水',
      '管道',
      '破裂',
    ]);
  });

  it('returns plain text: markup in captured text stays text for the console to escape, and 【】 stay as written', () => {
    const headline = segmentedText('【网传】 <b>塌陷</b>').replace('塌陷', `${S}塌陷${E}`);
    const snippet = snippetOf(headline);
    expect(snippet.text).toBe('【网传】 <b>塌陷</b>');
    expect(snippet.highlights.map(([start, end]) => snippet.text.slice(start, end))).toEqual(['塌陷']);
  });
});
