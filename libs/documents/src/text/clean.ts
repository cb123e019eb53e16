// Titles, summaries and names come from the internet. Before any of it reaches a PDF or a DOCX it is made
// plain: no control characters (invalid in XML 1.0, and terminal/escape tricks), no bidi overrides (they
// reorder what a leader reads), no lone surrogates, NFC, and a bounded length counted in code points.

const LINE_BREAKS = /\r\n|[\r\u0085\u2028\u2029]/g;
// C0 except \n, DEL and C1; XML 1.0 forbids most of C0, C1 only invites mischief.
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
// Bidi embeddings/overrides/isolates and marks, and the BOM used as a zero-width no-break space.
const BIDI_AND_BOM = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// Noncharacters; U+FFFE/U+FFFF are not allowed in XML.
const NONCHARACTERS = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The mark a truncated text ends with. */
export const ELLIPSIS = '…';

function strip(raw: string): string {
  return raw
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(LINE_BREAKS, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI_AND_BOM, '')
    .replace(NONCHARACTERS, '')
    .normalize('NFC');
}

/** Cuts to at most `max` code points, ending with … when anything was cut. */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return (
    points
      .slice(0, Math.max(0, max - 1))
      .join('')
      .trimEnd() + ELLIPSIS
  );
}

/** Length in code points (what a reader and an SMS gateway count), not UTF-16 units. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** One line: a title, a name, an outlet. Whitespace runs collapse to one space. */
export function cleanLine(raw: string, max: number): string {
  return truncate(strip(raw).replace(/\s+/g, ' ').trim(), max);
}

/** Free text with paragraphs: line breaks kept (at most one blank line), trailing spaces dropped. */
export function cleanText(raw: string, max: number): string {
  const text = strip(raw)
    .split('\n')
    .map((l) => l.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return truncate(text, max);
}

/** The paragraphs of a cleaned text. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
