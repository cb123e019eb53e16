import { strToU8, unzipSync, zipSync } from 'fflate';
import { tableToCandidates } from './import-rows';
import { readXlsx, XlsxError, XlsxTooLargeError } from './xlsx';

/** A workbook laid out as Excel writes one: workbook, relationships, shared strings and one sheet. */
function workbook(rows: string): Uint8Array {
  const shared = [
    '链接',
    '平台',
    '来源',
    '标题',
    '正文',
    '阅读',
    'https://weibo.example.com/7',
    '微博',
    '春城热线',
    '宜良县路面塌陷',
    '匡远街道塌陷',
  ];
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="舆情" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    ),
  });
}

const header =
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>';

describe('reading a monitor’s XLSX', () => {
  it('reads shared strings, inline strings and numbers of the first sheet, keeping empty cells in place', () => {
    const rows = readXlsx(
      workbook(
        header +
          '<row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2" t="s"><v>7</v></c><c r="C2" t="s"><v>8</v></c><c r="D2" t="s"><v>9</v></c><c r="E2" t="inlineStr"><is><t>匡远街道路面塌陷，存在隐患</t></is></c><c r="F2"><v>12000</v></c></row>' +
          '<row r="4"><c r="A4" t="inlineStr"><is><t>ftp://x</t></is></c><c r="C4" t="s"><v>8</v></c></row>',
      ),
    );
    expect(rows).toEqual([
      { line: 1, cells: ['链接', '平台', '来源', '标题', '正文', '阅读'] },
      {
        line: 2,
        cells: [
          'https://weibo.example.com/7',
          '微博',
          '春城热线',
          '宜良县路面塌陷',
          '匡远街道路面塌陷，存在隐患',
          '12000',
        ],
      },
      { line: 4, cells: ['ftp://x', '', '春城热线'] },
    ]);
    const { candidates, errors } = tableToCandidates(rows);
    expect(candidates).toEqual([
      { row: 2, candidate: expect.objectContaining({ platform: 'weibo', engagement: { views: 12000 } }) },
    ]);
    expect(errors.map((e) => [e.row, e.path])).toEqual([
      [4, 'url'],
      [4, 'platform'],
      [4, 'title'],
      [4, 'text'],
    ]);
  });

  it('refuses what is not a workbook, and a part that would unpack beyond its limit', () => {
    expect(() => readXlsx(Buffer.from('not a zip'))).toThrow(new XlsxError('it is not a zip archive'));
    expect(() =>
      readXlsx(workbook(header + '<row r="2"><c r="A2"><v>1</v></c></row>'.repeat(200)), {
        maxPartBytes: 1000,
      }),
    ).toThrow(/xl\/worksheets\/sheet1\.xml is larger than 1000 bytes/);
  });

  it('refuses an archive of too many parts, and parts that together unpack beyond the total, as too large', () => {
    const row = '<row r="2"><c r="A2"><v>1</v></c></row>';
    const many = zipSync({
      ...Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [`xl/worksheets/sheet${i + 2}.xml`, strToU8('')]),
      ),
    });
    expect(() => readXlsx(many, { maxParts: 40 })).toThrow(XlsxTooLargeError);
    expect(() => readXlsx(many, { maxParts: 40 })).toThrow(/more than 40 parts/);
    // Each part within its own limit, the workbook's parts together beyond the total.
    const big = workbook(header + row.repeat(200));
    expect(() => readXlsx(big, { maxPartBytes: 100_000, maxTotalBytes: 5_000 })).toThrow(XlsxTooLargeError);
    expect(readXlsx(big, { maxPartBytes: 100_000, maxTotalBytes: 100_000 })).toHaveLength(201);
  });

  it('unpacks only the first worksheet, however many other sheets would unpack', () => {
    const parts = unzipSync(workbook(header));
    const huge = strToU8(
      `<worksheet><sheetData>${'<row r="9"><c r="A9"><v>9</v></c></row>'.repeat(5000)}</sheetData></worksheet>`,
    );
    const withOthers = zipSync({
      ...parts,
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`xl/worksheets/sheet${i + 2}.xml`, huge])),
    });
    expect(readXlsx(withOthers, { maxTotalBytes: 100_000 })).toHaveLength(1);
  });
});
