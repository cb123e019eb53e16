import { CsvError, parseCsv } from './csv';
import { rowsToCandidates } from './import-rows';

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","he said ""hi""\nthen left"\r\n\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'he said "hi"\nthen left'] },
    ]);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => parseCsv('a,b\n"open,x\n')).toThrow(new CsvError(2, 'a quoted field is not closed'));
  });
});

describe('importing a monitor’s spreadsheet', () => {
  const csv = [
    '链接,平台,来源,标题,正文,发布时间,阅读,转发',
    'https://weibo.example.com/1,微博,春城热线,宜良县路面塌陷,匡远街道路面塌陷存在隐患,2026-11-25T08:00:00+08:00,"12,000",35',
    'javascript:alert(1),论坛,某论坛,坏链接,内容,,,',
    'https://bbs.example.cn/2,贴吧,某论坛,未知平台,内容,,,',
    'https://bbs.example.cn/3,论坛,某论坛,,缺标题,,abc,',
  ].join('\n');

  it('turns valid rows into candidates and reports each problem with its row and column', () => {
    const { candidates, errors } = rowsToCandidates(csv);
    expect(candidates).toEqual([
      {
        row: 2,
        candidate: expect.objectContaining({
          url: 'https://weibo.example.com/1',
          platform: 'weibo',
          outlet: '春城热线',
          engagement: { views: 12000, reposts: 35 },
          captureMethod: 'manual',
        }),
      },
    ]);
    expect(errors.map((e) => [e.row, e.path])).toEqual([
      [3, 'url'],
      [4, 'platform'],
      [5, 'title'],
      [5, 'engagement.views'],
    ]);
  });

  it('reports missing columns at the header', () => {
    expect(rowsToCandidates('标题,正文\na,b').errors).toEqual([
      { row: 1, path: '(header)', message: 'missing columns: url, outlet, platform' },
    ]);
  });
});
