/**
 * Captured HTML to plain text, in one linear pass (hostile input must not cost more than its length):
 * script, style and comments are dropped with their contents, block ends become line breaks, entities are
 * decoded, control and zero-width characters removed, and the result bounded. The output is text, never
 * markup: whoever shows it escapes it (the console renders text nodes only).
 */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'svg',
  'head',
]);
const BLOCK = new Set([
  'br',
  'p',
  'div',
  'li',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
  'hr',
]);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  times: '×',
  copy: '©',
  reg: '®',
  yen: '¥',
  laquo: '«',
  raquo: '»',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Surrogates, control characters and out-of-range code points are not text.
      if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code < 0x20)
        return ' ';
      return String.fromCodePoint(code);
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

function tagName(tag: string): string {
  return /^<\/?\s*([a-z0-9]+)/i.exec(tag)?.[1]?.toLowerCase() ?? '';
}

export function htmlToText(html: string, maxLength = 50_000): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length && out.length < maxLength * 2) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    if (lower.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      // A lone "<" is text (e.g. "a < b"), not the start of a tag.
      out += '<';
      i = lt + 1;
      continue;
    }
    const tag = html.slice(lt, gt + 1);
    const name = tagName(tag);
    if (!name && !tag.startsWith('<!') && !tag.startsWith('<?')) {
      out += '<';
      i = lt + 1;
      continue;
    }
    i = gt + 1;
    if (DROP_WITH_CONTENT.has(name) && !tag.startsWith('</') && !tag.endsWith('/>')) {
      const close = lower.indexOf(`</${name}`, i);
      const closeEnd = close < 0 ? -1 : html.indexOf('>', close);
      i = closeEnd < 0 ? html.length : closeEnd + 1;
      continue;
    }
    if (BLOCK.has(name)) out += '\n';
  }
  return cleanText(decodeEntities(out), maxLength);
}

/** Control and zero-width characters out, runs of spaces folded, at most two line breaks in a row, bounded. */
export function cleanText(text: string, maxLength = 50_000): string {
  const cleaned = text
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g,
      '',
    )
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cleaned.length > maxLength ? cleaned.slice(0, maxLength) : cleaned;
}
