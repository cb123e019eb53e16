import PDFDocument from 'pdfkit';
import { FontUnavailableError } from '../errors';
import { loadFontFile, type DocumentFonts } from '../fonts';
import type { Block, Column, Field, ListItem, Outline } from './outline';

// An outline laid out as a Chinese official document after GB/T 9704-2012 (党政机关公文格式), as far as the
// platform's documents need: A4, text area 156 × 225 mm (top 37 mm, left 28 mm), red masthead and rule, 二号 title in the
// serif face (for 方正小标宋), 三号 body in the serif face (for 仿宋), 黑体 level-one headings, page numbers
// “— 1 —” in 四号 (odd pages right, even pages left, one character in), and the 版记 at the foot.

const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM };
export const OFFICIAL_RED = '#E60012';
const SIZE = { masthead: 42, title: 22, body: 16, small: 14, detail: 11 } as const;
/** 22 lines on the 225 mm text area. */
const LINE_PITCH = 28.9;
const SMALL_PITCH = 24;

type Doc = PDFKit.PDFDocument;

interface Frame {
  readonly doc: Doc;
  readonly left: number;
  readonly width: number;
}

export async function renderPdf(outline: Outline, fonts: DocumentFonts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: outline.info.title,
      Author: outline.info.author,
      Subject: outline.info.subject,
      Creator: 'yuqing',
      Producer: 'yuqing',
      CreationDate: outline.info.createdAt,
      ModDate: outline.info.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  useFonts(doc, fonts);
  const frame: Frame = { doc, left: MARGINS.left, width: doc.page.width - MARGINS.left - MARGINS.right };
  for (const block of outline.blocks) renderBlock(frame, block);
  numberPages(doc);
  doc.end();
  return done;
}

function useFonts(doc: Doc, fonts: DocumentFonts): void {
  for (const role of ['serif', 'sans'] as const) {
    const face = fonts[role];
    doc.registerFont(role, loadFontFile(role, face), face.family);
    try {
      // Registration is lazy: select once so a wrong family fails here, with its name, not mid-document.
      doc.font(role);
    } catch {
      throw new FontUnavailableError(
        face.path,
        `font ${face.family} not found in ${face.path} (${role} font); check the family (PostScript name) in the document options`,
      );
    }
  }
}

function renderBlock(frame: Frame, block: Block): void {
  switch (block.kind) {
    case 'masthead':
      return masthead(frame, block);
    case 'signOff':
      return signOffBox(frame, block.signed);
    case 'title':
      return title(frame, block.text, block.subtitle);
    case 'fields':
      return fields(frame, block.items);
    case 'heading':
      return heading(frame, block.text);
    case 'paragraphs':
      return paragraphs(frame, block.texts);
    case 'list':
      return list(frame, block.items);
    case 'table':
      return table(frame, block.columns, block.rows);
    case 'colophon':
      return colophon(frame, block);
  }
}

function body(doc: Doc, size: number = SIZE.body): Doc {
  return doc.font('serif').fontSize(size).fillColor('black');
}

/** The gap that makes consecutive lines `pitch` apart in the current font. */
function gap(doc: Doc, pitch: number): number {
  return Math.max(0, pitch - doc.currentLineHeight());
}

function bottomOf(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` still fits on this one (keeps boxes and headings with their text). */
function keep(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

function rule(frame: Frame, y: number, width: number, color: string): void {
  frame.doc
    .save()
    .moveTo(frame.left, y)
    .lineTo(frame.left + frame.width, y)
    .lineWidth(width)
    .strokeColor(color)
    .stroke()
    .restore();
}

function masthead(frame: Frame, m: Extract<Block, { kind: 'masthead' }>): void {
  const { doc, left, width } = frame;
  if (m.marking) {
    doc.font('sans').fontSize(SIZE.small).fillColor('black').text(m.marking, left, doc.y, { width });
    doc.moveDown(0.6);
  }
  doc
    .font('serif')
    .fontSize(SIZE.masthead)
    .fillColor(OFFICIAL_RED)
    .text(m.name, left, doc.y, { width, align: 'center', characterSpacing: 10 });
  doc.moveDown(0.4);
  if (m.issueNumber) {
    body(doc).text(m.issueNumber, left, doc.y, { width, align: 'center' });
    doc.moveDown(0.3);
  }
  body(doc);
  const y = doc.y;
  const dateWidth = doc.widthOfString(m.date) + 4;
  doc.text(m.office, left, y, { width: width - dateWidth - SIZE.body });
  const afterOffice = doc.y;
  doc.text(m.date, left + width - dateWidth, y, { width: dateWidth, align: 'right' });
  doc.y = Math.max(afterOffice, doc.y) + 6;
  rule(frame, doc.y, 2, OFFICIAL_RED);
  doc.y += 14;
  doc.x = left;
}

function signOffBox(frame: Frame, signed: Extract<Block, { kind: 'signOff' }>['signed']): void {
  const { doc, left, width } = frame;
  const labelWidth = 2.5 * SIZE.small;
  const pad = 8;
  const innerLeft = left + labelWidth + pad;
  const innerWidth = width - labelWidth - 2 * pad;
  body(doc, SIZE.small);
  const lineGap = gap(doc, SMALL_PITCH);
  const instructions = signed
    ? signed.instructions + (signed.continued ? '（批示全文附后）' : '')
    : undefined;
  const signature = signed
    ? `签批人：${signed.leader}　　${signed.date}`
    : '签批人：　　　　　　　　年　　月　　日';
  const textHeight = instructions ? doc.heightOfString(instructions, { width: innerWidth, lineGap }) : 0;
  const height = Math.max(4 * SMALL_PITCH, textHeight) + SMALL_PITCH + 3 * pad;
  keep(doc, height);
  const top = doc.y;
  doc.save().lineWidth(0.75).strokeColor('black');
  doc.rect(left, top, width, height).stroke();
  doc
    .moveTo(left + labelWidth, top)
    .lineTo(left + labelWidth, top + height)
    .stroke();
  doc.restore();
  // The label reads top to bottom in its column: 领导批示.
  const label = '领\n导\n批\n示';
  body(doc, SIZE.small);
  const labelHeight = doc.heightOfString(label, { width: labelWidth, lineGap });
  doc.text(label, left, top + (height - labelHeight) / 2, { width: labelWidth, align: 'center', lineGap });
  if (instructions) {
    doc.text(instructions, innerLeft, top + pad, { width: innerWidth, lineGap });
  } else {
    // Blank lines to write on.
    doc.save().lineWidth(0.5).strokeColor('#999999').dash(2, { space: 2 });
    for (let i = 1; i <= 3; i++) {
      const y = top + pad + i * SMALL_PITCH;
      doc
        .moveTo(innerLeft, y)
        .lineTo(innerLeft + innerWidth, y)
        .stroke();
    }
    doc.undash().restore();
  }
  body(doc, SIZE.small).text(signature, innerLeft, top + height - pad - SMALL_PITCH + 4, {
    width: innerWidth,
    align: 'right',
    lineBreak: false,
  });
  doc.x = left;
  doc.y = top + height + 18;
}

function title(frame: Frame, text: string, subtitle?: string): void {
  const { doc, left, width } = frame;
  doc.font('serif').fontSize(SIZE.title).fillColor('black');
  keep(doc, 3 * LINE_PITCH);
  doc.text(text, left, doc.y, { width, align: 'center', lineGap: gap(doc, 36) });
  if (subtitle) {
    body(doc).text(subtitle, left, doc.y + 4, { width, align: 'center' });
  }
  doc.y += LINE_PITCH / 2;
}

function fields(frame: Frame, items: readonly Field[]): void {
  const { doc, left, width } = frame;
  for (const item of items) {
    body(doc);
    const lineGap = gap(doc, LINE_PITCH);
    doc.font('sans').text(`${item.label}：`, left, doc.y, { width, lineGap, continued: true });
    doc
      .font('serif')
      .fillColor(item.emphasis ? OFFICIAL_RED : 'black')
      .text(item.value, { width, lineGap });
  }
  doc.fillColor('black');
  doc.y += 6;
}

function heading(frame: Frame, text: string): void {
  const { doc, left, width } = frame;
  doc.font('sans').fontSize(SIZE.body).fillColor('black');
  keep(doc, 3 * LINE_PITCH);
  doc.text(text, left + 2 * SIZE.body, doc.y, {
    width: width - 2 * SIZE.body,
    lineGap: gap(doc, LINE_PITCH),
  });
}

function paragraphs(frame: Frame, texts: readonly string[]): void {
  const { doc, left, width } = frame;
  body(doc);
  for (const text of texts) {
    doc.text(text, left, doc.y, { width, indent: 2 * SIZE.body, lineGap: gap(doc, LINE_PITCH) });
  }
}

function list(frame: Frame, items: readonly ListItem[]): void {
  const { doc, left, width } = frame;
  items.forEach((item, i) => {
    body(doc).text(`${i + 1}. ${item.text}`, left, doc.y, {
      width,
      indent: 2 * SIZE.body,
      lineGap: gap(doc, LINE_PITCH),
    });
    if (item.detail) {
      body(doc, SIZE.detail)
        .fillColor('#444444')
        .text(item.detail, left + 2 * SIZE.body, doc.y, { width: width - 2 * SIZE.body, lineGap: 2 });
      doc.fillColor('black');
      doc.y += 4;
    }
  });
}

function table(frame: Frame, columns: readonly Column[], rows: readonly (readonly string[])[]): void {
  const { doc, left, width } = frame;
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * width);
  const pad = 4;
  body(doc, SIZE.small);
  const lineGap = 2;
  const drawRow = (cells: readonly string[], header: boolean): void => {
    doc.font(header ? 'sans' : 'serif').fontSize(SIZE.small);
    const heights = cells.map((cell, i) =>
      doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * pad, lineGap }),
    );
    const height = Math.max(SIZE.small + 2, ...heights) + 2 * pad;
    keep(doc, height);
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      doc.save().lineWidth(0.5).strokeColor('black').rect(x, top, w, height).stroke().restore();
      doc.text(cell, x + pad, top + pad, {
        width: w - 2 * pad,
        lineGap,
        align: header ? 'center' : (columns[i]?.align ?? 'left'),
      });
      x += w;
    });
    doc.x = left;
    doc.y = top + height;
  };
  // A header alone at the foot of a page helps no one: keep it with a row or two.
  keep(doc, 3 * (SIZE.small + 2 + 2 * pad) + 2 * lineGap);
  drawRow(
    columns.map((c) => c.header),
    true,
  );
  for (const row of rows) drawRow(row, false);
  doc.y += 10;
}

/** The 版记: bottom of the last page, between a thick first and last rule, thin ones between its parts. */
function colophon(frame: Frame, c: Extract<Block, { kind: 'colophon' }>): void {
  const { doc, left, width } = frame;
  body(doc, SIZE.small);
  const lineGap = gap(doc, SMALL_PITCH);
  const indent = SIZE.small;
  const lines: string[] = [];
  if (c.reportTo.length > 0) lines.push(`报：${c.reportTo.join('，')}`);
  if (c.copyTo.length > 0) lines.push(`抄送：${c.copyTo.join('，')}`);
  const parts: string[][] = [lines, ...(c.staff ? [[c.staff]] : [])];
  const printedWidth = doc.widthOfString(c.printed) + 4;
  const measure = (t: string, w: number): number => doc.heightOfString(t, { width: w, lineGap });
  const partsHeight = parts.reduce(
    (sum, part) => sum + part.reduce((s, l) => s + measure(l, width - 2 * indent), 0) + 8,
    0,
  );
  const lastHeight = measure(c.office, width - printedWidth - 2 * indent) + 8;
  const height = partsHeight + lastHeight + 4;
  keep(doc, height + LINE_PITCH);
  // Sits at the foot of the page, as GB/T 9704 places it.
  let y = Math.max(doc.y + LINE_PITCH, bottomOf(doc) - height);
  rule(frame, y, 1, 'black');
  for (const part of parts) {
    y += 4;
    for (const line of part) {
      doc.text(line, left + indent, y, { width: width - 2 * indent, lineGap });
      y = doc.y;
    }
    y += 4;
    rule(frame, y, 0.7, 'black');
  }
  y += 4;
  doc.text(c.office, left + indent, y, { width: width - printedWidth - 2 * indent, lineGap });
  const afterOffice = doc.y;
  doc.text(c.printed, left + width - indent - printedWidth, y, { width: printedWidth, align: 'right' });
  y = Math.max(afterOffice, doc.y) + 4;
  rule(frame, y, 1, 'black');
  doc.x = left;
  doc.y = y + 4;
}

function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const page = doc.page;
    const bottom = page.margins.bottom;
    // Writing below the text area would otherwise start a new page.
    page.margins.bottom = 0;
    const label = `— ${i + 1} —`;
    body(doc, SIZE.small);
    const w = doc.widthOfString(label);
    const odd = (i + 1) % 2 === 1;
    const x = odd ? page.width - page.margins.right - SIZE.small - w : page.margins.left + SIZE.small;
    doc.text(label, x, page.height - bottom + 7 * MM, { lineBreak: false });
    page.margins.bottom = bottom;
  }
}
