import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  convertMillimetersToTwip,
  type IBorderOptions,
  type IRunOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Block, Column, Field, ListItem, Outline } from './outline';
import { OFFICIAL_RED } from './pdf';

// The same outline as the PDF, as a Word document an office can edit. Runs name the fonts Chinese offices have
// installed (方正小标宋简体, 仿宋_GB2312, 黑体) as east-Asian fonts; the font table gives each a common fallback
// (宋体, 仿宋, SimHei) and the GB2312 charset so a machine without them still picks a Chinese face. Fonts are not
// embedded: the collections are 16–21 MB and docx embeds whole TrueType files only.

export const DOCX_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  pageNumber: '宋体',
  latin: 'Times New Roman',
} as const;

/** w:font entries with fallbacks; static XML (no input reaches it). */
const FONT_TABLE_ENTRIES =
  '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>' +
  '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>' +
  '<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>' +
  '<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>' +
  '<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>' +
  '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>';

const RED = OFFICIAL_RED.slice(1);
/** Sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt. */
const SIZE = { masthead: 84, title: 44, body: 32, small: 28, detail: 22 } as const;
/** One body character (三号), in twips: first-line indents are two of these. */
const CHAR = 320;
const EXACT_LINE = { line: 578, lineRule: LineRuleType.EXACT } as const;
const TEXT_WIDTH = convertMillimetersToTwip(156);

function font(eastAsia: string): IRunOptions['font'] {
  return {
    ascii: DOCX_FONTS.latin,
    hAnsi: DOCX_FONTS.latin,
    cs: DOCX_FONTS.latin,
    eastAsia,
    hint: 'eastAsia',
  };
}

function run(text: string, face: string, size: number, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: font(face), size, ...extra });
}

const line = (size: number, color = '000000'): IBorderOptions => ({
  style: BorderStyle.SINGLE,
  size,
  color,
  space: 2,
});

export async function renderDocx(outline: Outline): Promise<Buffer> {
  const children: (Paragraph | Table)[] = outline.blocks.flatMap((block) => renderBlock(block));
  const pageNumber = (alignment: 'left' | 'right'): Footer =>
    new Footer({
      children: [
        new Paragraph({
          alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: alignment === 'right' ? { right: 280 } : { left: 280 },
          children: [
            new TextRun({
              children: ['— ', PageNumber.CURRENT, ' —'],
              font: font(DOCX_FONTS.pageNumber),
              size: SIZE.small,
            }),
          ],
        }),
      ],
    });
  const document = new Document({
    title: outline.info.title,
    subject: outline.info.subject,
    creator: outline.info.author,
    lastModifiedBy: outline.info.author,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: font(DOCX_FONTS.body),
            size: SIZE.body,
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: EXACT_LINE },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
              bottom: convertMillimetersToTwip(35),
              footer: convertMillimetersToTwip(22),
            },
          },
        },
        footers: { default: pageNumber('right'), even: pageNumber('left') },
        children,
      },
    ],
  });
  return withFontFallbacks(await Packer.toBuffer(document));
}

/** Adds the font entries (with fallbacks) to word/fontTable.xml, which docx leaves empty. */
function withFontFallbacks(docx: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(docx));
  const table = files['word/fontTable.xml'];
  if (!table) return docx;
  const xml = strFromU8(table);
  const patched = xml.endsWith('/>')
    ? `${xml.slice(0, -2)}>${FONT_TABLE_ENTRIES}</w:fonts>`
    : xml.replace('</w:fonts>', `${FONT_TABLE_ENTRIES}</w:fonts>`);
  files['word/fontTable.xml'] = strToU8(patched);
  // [Content_Types].xml first, as Word writes it; some readers sniff the first entry.
  const ordered: Zippable = {};
  const names = Object.keys(files).sort(
    (a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'),
  );
  // Folder entries are not part of OOXML; dropping them keeps fflate from writing them as empty files.
  for (const name of names) if (!name.endsWith('/')) ordered[name] = files[name] ?? new Uint8Array();
  return Buffer.from(zipSync(ordered, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') }));
}

function renderBlock(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'masthead':
      return masthead(block);
    case 'signOff':
      return signOffBox(block.signed);
    case 'title':
      return title(block.text, block.subtitle);
    case 'fields':
      return block.items.map(field);
    case 'heading':
      return [heading(block.text)];
    case 'paragraphs':
      return block.texts.map(
        (text) =>
          new Paragraph({
            indent: { firstLine: 2 * CHAR },
            children: [run(text, DOCX_FONTS.body, SIZE.body)],
          }),
      );
    case 'list':
      return block.items.flatMap(listItem);
    case 'table':
      return [table(block.columns, block.rows), new Paragraph({ children: [] })];
    case 'colophon':
      return colophon(block);
  }
}

function masthead(m: Extract<Block, { kind: 'masthead' }>): Paragraph[] {
  const out: Paragraph[] = [];
  if (m.marking) out.push(new Paragraph({ children: [run(m.marking, DOCX_FONTS.heading, SIZE.small)] }));
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 120, line: 1200, lineRule: LineRuleType.AT_LEAST },
      children: [run(m.name, DOCX_FONTS.title, SIZE.masthead, { color: RED, characterSpacing: 200 })],
    }),
  );
  if (m.issueNumber) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(m.issueNumber, DOCX_FONTS.body, SIZE.body)],
      }),
    );
  }
  out.push(
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      border: { bottom: line(16, RED) },
      spacing: { after: 360, ...EXACT_LINE },
      children: [run(m.office, DOCX_FONTS.body, SIZE.body), run(`\t${m.date}`, DOCX_FONTS.body, SIZE.body)],
    }),
  );
  return out;
}

function signOffBox(signed: Extract<Block, { kind: 'signOff' }>['signed']): (Paragraph | Table)[] {
  const small = (text: string, alignment: 'left' | 'right' = 'left'): Paragraph =>
    new Paragraph({
      alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
      spacing: { line: 480, lineRule: LineRuleType.EXACT },
      children: [run(text, DOCX_FONTS.body, SIZE.small)],
    });
  const content: Paragraph[] = signed
    ? [
        ...(signed.instructions + (signed.continued ? '（批示全文附后）' : ''))
          .split('\n')
          .map((text) => small(text)),
        small(`签批人：${signed.leader}　　${signed.date}`, 'right'),
      ]
    : [small(''), small(''), small(''), small('签批人：　　　　　　　　年　　月　　日', 'right')];
  const border = line(6);
  const borders = { top: border, bottom: border, left: border, right: border };
  const box = new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [900, TEXT_WIDTH - 900],
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 900, type: WidthType.DXA },
            borders,
            verticalAlign: VerticalAlignTable.CENTER,
            children: ['领导', '批示'].map(
              (text) =>
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [run(text, DOCX_FONTS.heading, SIZE.small)],
                }),
            ),
          }),
          new TableCell({
            width: { size: TEXT_WIDTH - 900, type: WidthType.DXA },
            borders,
            margins: { left: 120, right: 120, top: 80, bottom: 80 },
            children: content,
          }),
        ],
      }),
    ],
  });
  return [box, new Paragraph({ children: [] })];
}

function title(text: string, subtitle?: string): Paragraph[] {
  const out = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 240, line: 720, lineRule: LineRuleType.AT_LEAST },
      children: [run(text, DOCX_FONTS.title, SIZE.title)],
    }),
  ];
  if (subtitle) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(subtitle, DOCX_FONTS.body, SIZE.body)],
      }),
    );
  }
  return out;
}

function field(item: Field): Paragraph {
  return new Paragraph({
    children: [
      run(`${item.label}：`, DOCX_FONTS.heading, SIZE.body),
      run(item.value, DOCX_FONTS.body, SIZE.body, item.emphasis ? { color: RED } : {}),
    ],
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    indent: { firstLine: 2 * CHAR },
    keepNext: true,
    children: [run(text, DOCX_FONTS.heading, SIZE.body)],
  });
}

function listItem(item: ListItem, index: number): Paragraph[] {
  const out = [
    new Paragraph({
      indent: { firstLine: 2 * CHAR },
      children: [run(`${index + 1}. ${item.text}`, DOCX_FONTS.body, SIZE.body)],
    }),
  ];
  if (item.detail) {
    out.push(
      new Paragraph({
        indent: { left: 2 * CHAR },
        spacing: { line: 300, lineRule: LineRuleType.AT_LEAST },
        children: [run(item.detail, DOCX_FONTS.body, SIZE.detail, { color: '444444' })],
      }),
    );
  }
  return out;
}

function table(columns: readonly Column[], rows: readonly (readonly string[])[]): Table {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => Math.round((c.width / total) * TEXT_WIDTH));
  const border = line(4);
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, i: number, header: boolean): TableCell =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      borders,
      margins: { left: 80, right: 80 },
      children: [
        new Paragraph({
          alignment: header
            ? AlignmentType.CENTER
            : columns[i]?.align === 'right'
              ? AlignmentType.RIGHT
              : columns[i]?.align === 'center'
                ? AlignmentType.CENTER
                : AlignmentType.LEFT,
          spacing: { line: 400, lineRule: LineRuleType.AT_LEAST },
          children: [run(text, header ? DOCX_FONTS.heading : DOCX_FONTS.body, SIZE.small)],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c.header, i, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text, i) => cell(text, i, false)) })),
    ],
  });
}

function colophon(c: Extract<Block, { kind: 'colophon' }>): Paragraph[] {
  const p = (
    text: string,
    border: { top?: IBorderOptions; bottom?: IBorderOptions },
    extra: Partial<IRunOptions> = {},
  ) =>
    new Paragraph({
      indent: { left: 280, right: 280 },
      border,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - 560 }],
      spacing: { line: 480, lineRule: LineRuleType.EXACT },
      children: [run(text, DOCX_FONTS.body, SIZE.small, extra)],
    });
  const thick = line(8);
  const thin = line(6);
  const lines: string[] = [];
  if (c.reportTo.length > 0) lines.push(`报：${c.reportTo.join('，')}`);
  if (c.copyTo.length > 0) lines.push(`抄送：${c.copyTo.join('，')}`);
  const out: Paragraph[] = [new Paragraph({ spacing: { before: 480 }, children: [] })];
  lines.forEach((text, i) =>
    out.push(
      p(text, { ...(i === 0 ? { top: thick } : {}), ...(i === lines.length - 1 ? { bottom: thin } : {}) }),
    ),
  );
  if (c.staff) out.push(p(c.staff, { ...(lines.length === 0 ? { top: thick } : {}), bottom: thin }));
  out.push(p(`${c.office}\t${c.printed}`, { bottom: thick }));
  return out;
}
