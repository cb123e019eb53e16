import mammoth from 'mammoth';
import { XMLValidator } from 'fast-xml-parser';
import { DocumentInputError, FontUnavailableError } from '../errors';
import { DEFAULT_FONTS, fontMissing } from '../fonts';
import { bulletin } from '../testing/fixtures';
import { docxEntries, pdfText } from '../testing/read-back';
import { bulletinText, renderBulletinDocx, renderBulletinPdf } from './bulletin';
import type { BulletinDocument } from './bulletin.model';

// A PDF embeds subsets of 16–21 MB CJK fonts: about a second alone, several when two Jest workers share two
// cores. Five seconds (Jest's default) would fail a correct render on a loaded machine.
jest.setTimeout(30_000);

// Rendering takes a few hundred milliseconds and reading a PDF back spawns Node: each document is rendered once
// and asserted on many times.

const signed: BulletinDocument = {
  ...bulletin,
  signOff: {
    status: 'signed',
    leader: { name: '赵卫东', post: '分局局长', unit: '华宁公路分局' },
    instructions: '请分局迅速核实情况，抓紧抢通道路，及时回应群众关切。',
    signedAt: '2026-11-25T03:05:00Z',
  },
};

const HOSTILE_TITLE =
  '<script>alert(1)</script> ]]> & &amp; <w:t>x</w:t>\u0000\u0007\u001b[31m\u202Egnp.exe\u2028' +
  '长'.repeat(10_000);
const LONG_WORD = 'A'.repeat(10_000);
const hostile: BulletinDocument = {
  ...bulletin,
  title: HOSTILE_TITLE,
  summary: `开头 ${LONG_WORD} 结尾`,
  sources: [{ outlet: '<b>outlet</b>', platform: 'forum', url: 'javascript:alert(1)' }],
};

describe('the 《网上舆情》 bulletin', () => {
  let pdf: Buffer;
  let text: string;
  let docx: Buffer;

  beforeAll(async () => {
    [pdf, docx] = await Promise.all([renderBulletinPdf(bulletin), renderBulletinDocx(bulletin)]);
    text = await pdfText(pdf);
  });

  describe('as PDF', () => {
    it('reads back with the Chinese title, the issue number and the deadline in Asia/Shanghai time', () => {
      // The 二号 title wraps onto two lines.
      expect(text.replace(/\n/g, '')).toContain('关于网传华宁县盘溪镇公路塌方致车辆受阻的舆情');
      expect(text).toContain('〔2026〕第12期');
      // 2026-11-25T02:30:00Z is 10:30 in Beijing.
      expect(text).toContain('报送时限：2026年11月25日 10:30前');
      // The masthead is letter-spaced; the extractor reads the gaps as spaces.
      expect(text).toMatch(/网 ?上 ?舆 ?情/);
    });

    it('carries the office, the grade, the sections, the sign-off box and the 版记', () => {
      for (const expected of [
        '华宁公路分局网络舆情工作领导小组办公室',
        '二级（严重）',
        '民生民利、社会治理',
        '一、信息来源',
        '云南网（新闻网站），2026年11月25日 08:12发布',
        '二、舆情摘要',
        '三、研判意见',
        '四、处置建议',
        '签批人',
        '报：玉溪公路局',
        '抄送：华宁县委宣传部',
        '签发：王建国',
        '2026年11月25日印发',
        '— 1 —',
        '— 2 —',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('embeds subsets of both CJK fonts', () => {
      const raw = pdf.toString('latin1');
      expect(raw).toContain('/FontFile2');
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+UMingCN/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiZenHei/);
      // No font a reader would have to supply.
      expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
      // Subsets, not 20 MB collections.
      expect(pdf.length).toBeLessThan(400_000);
    });

    it('shows the leader’s instructions once the bulletin is signed off', async () => {
      const signedText = await pdfText(await renderBulletinPdf(signed));
      expect(signedText).toContain('请分局迅速核实情况');
      // By name, post and unit, as the leader was when signing.
      expect(signedText).toContain('赵卫东（分局局长，华宁公路分局）');
    });
  });

  describe('as DOCX', () => {
    it('opens as a document with the title and the sign-off block', async () => {
      const { value } = await mammoth.extractRawText({ buffer: docx });
      expect(value).toContain('关于网传华宁县盘溪镇公路塌方致车辆受阻的舆情');
      expect(value).toContain('〔2026〕第12期');
      expect(value).toContain('2026年11月25日 10:30前');
      expect(value).toContain('领导');
      expect(value).toContain('批示');
      expect(value).toContain('签批人');
      expect(value).toContain('编辑：张晓明');
    });

    it('is a zip whose word/document.xml is valid XML naming the official fonts, with fallbacks', () => {
      const entries = docxEntries(docx);
      const documentXml = entries['word/document.xml'] ?? '';
      expect(XMLValidator.validate(documentXml)).toBe(true);
      expect(documentXml).toContain('w:eastAsia="仿宋_GB2312"');
      expect(documentXml).toContain('w:eastAsia="方正小标宋简体"');
      expect(documentXml).toContain('w:eastAsia="黑体"');
      const fontTable = entries['word/fontTable.xml'] ?? '';
      expect(XMLValidator.validate(fontTable)).toBe(true);
      expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
      expect(Object.keys(entries)[0]).toBe('[Content_Types].xml');
    });

    it('shows the signed instructions', async () => {
      const { value } = await mammoth.extractRawText({ buffer: await renderBulletinDocx(signed) });
      expect(value).toContain('请分局迅速核实情况');
      expect(value).toContain('签批人：赵卫东（分局局长，华宁公路分局）');
    });
  });

  it('puts long instructions in full after the body and a bounded excerpt in the box', () => {
    const long = bulletinText({
      ...signed,
      signOff: {
        status: 'signed',
        leader: { name: '赵卫东' },
        instructions: '批示内容。'.repeat(100),
        signedAt: '2026-11-25T03:05:00Z',
      },
    });
    expect(long).toContain('（批示全文附后）');
    expect(long).toContain('附：领导批示全文');
  });

  it('lists the figures it states under 舆情摘要, before 研判意见, and nothing when it states none', () => {
    const plain = bulletinText({
      ...bulletin,
      figures: [
        { name: '受阻车辆', value: 1200, unit: '辆' },
        { name: '塌方量', value: 12.5, unit: '立方米' },
        { name: '受伤人数', value: 0 },
      ],
    });
    const figuresAt = plain.indexOf('受阻车辆：1200辆');
    expect(figuresAt).toBeGreaterThan(plain.indexOf('二、舆情摘要'));
    expect(figuresAt).toBeLessThan(plain.indexOf('三、研判意见'));
    expect(plain).toContain('塌方量：12.5立方米');
    expect(plain).toContain('受伤人数：0');
    expect(bulletinText(bulletin)).not.toContain('受阻车辆');
  });

  describe('with hostile content', () => {
    let hostilePdfText: string;
    let hostileDocx: Buffer;

    beforeAll(async () => {
      const [p, d] = await Promise.all([renderBulletinPdf(hostile), renderBulletinDocx(hostile)]);
      hostilePdfText = await pdfText(p);
      hostileDocx = d;
    });

    it('prints markup as text, drops control characters and bounds the title', () => {
      const plain = bulletinText(hostile);
      const titleLine = plain.split('\n\n')[2] ?? '';
      expect(titleLine.startsWith('<script>alert(1)</script> ]]> & &amp; <w:t>x</w:t>[31mgnp.exe')).toBe(
        true,
      );
      expect(Array.from(titleLine)).toHaveLength(120);
      expect(titleLine.endsWith('…')).toBe(true);
      expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
      expect(hostilePdfText).toContain('<script>alert(1)</script>');
      expect(hostilePdfText).not.toContain('长'.repeat(200));
    });

    it('wraps a 10,000-character word within the page', () => {
      const lines = hostilePdfText.split('\n').filter((l) => /^A+$/.test(l.trim()));
      expect(lines.length).toBeGreaterThan(10);
      for (const l of lines) expect(l.trim().length).toBeLessThanOrEqual(60);
    });

    it('keeps word/document.xml well-formed, with the markup escaped', async () => {
      const documentXml = docxEntries(hostileDocx)['word/document.xml'] ?? '';
      expect(XMLValidator.validate(documentXml)).toBe(true);
      expect(documentXml).not.toContain('<script>');
      expect(documentXml).toContain('&lt;script&gt;');
      expect(documentXml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      const { value } = await mammoth.extractRawText({ buffer: hostileDocx });
      expect(value).toContain('<script>alert(1)</script> ]]> & &amp; <w:t>x</w:t>');
    });

    it('shows no link for a javascript: address', () => {
      expect(bulletinText(hostile)).not.toContain('javascript:');
    });
  });

  describe('refuses', () => {
    it('a model without a title, in one line naming the field', async () => {
      const error = await renderBulletinPdf({ ...bulletin, title: ' \u0000 ' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DocumentInputError);
      expect((error as Error).message).toBe('invalid bulletin document: title: empty');
    });

    it('a bad deadline', () => {
      expect(() => bulletinText({ ...bulletin, reportingDeadline: 'tomorrow' })).toThrow(
        /invalid bulletin document: reportingDeadline/,
      );
    });
  });

  describe('without its fonts', () => {
    it('fails with one line naming the missing file and the fix', async () => {
      const error = await renderBulletinPdf(bulletin, {
        fonts: { serif: { path: '/nonexistent/uming.ttc', family: 'UMingCN' } },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FontUnavailableError);
      const message = (error as Error).message;
      expect(message).toContain('/nonexistent/uming.ttc');
      expect(message).not.toContain('\n');
    });

    it('tells how to install the default fonts', () => {
      const message = fontMissing('serif', DEFAULT_FONTS.serif).message;
      expect(message).toBe(
        'CJK font file missing: /usr/share/fonts/truetype/arphic/uming.ttc (serif font UMingCN); ' +
          'run `npm run infra:up` (deploy/local/fonts.sh) or `apt-get install fonts-arphic-uming`',
      );
    });

    it('names a family the collection does not have', async () => {
      const error = await renderBulletinPdf(bulletin, {
        fonts: { sans: { path: DEFAULT_FONTS.sans.path, family: 'NoSuchFont' } },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FontUnavailableError);
      expect((error as Error).message).toContain(
        'font NoSuchFont not found in /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
      );
    });
  });
});
