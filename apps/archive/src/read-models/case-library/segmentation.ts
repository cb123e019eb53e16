import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

// Chinese word segmentation for the library's search, with the dictionary ingestion segments captured text with
// (jieba's default dictionary from @node-rs/jieba/dict, as apps/ingestion/src/text-analysis does). Ingestion's
// segmenter lives in its app, which archive may not import (module boundaries), so the same dictionary is loaded
// here, once per process. PostgreSQL's parser does not split Chinese: the words are joined by spaces and
// indexed with the 'simple' configuration, one lexeme per word.

let jieba: Jieba | undefined;

/** Private-use characters ts_headline is told to put around a match; never in stored text (`segmentedText`). */
export const MARK_START = '\uE000';
export const MARK_STOP = '\uE001';
const MARKS = /[\uE000\uE001]/gu;

/** A word the index and the query keep: letters and digits only (no punctuation, nothing tsquery would parse). */
const WORD = /^[\p{L}\p{N}]+$/u;

/** The words of `text`, in order, punctuation and spaces left out; latin words split where the parser would. */
export function words(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba
    .cut(text, false)
    .flatMap((token) => token.split(/[^\p{L}\p{N}]+/u))
    .filter((word) => WORD.test(word));
}

/**
 * Where the text had a space of its own, the segmented text has an ideographic space (U+3000): PostgreSQL's parser
 * splits on it like on any space, and the snippet can tell it from the spaces segmentation put between words.
 */
const OWN_SPACE = '\u3000';

/**
 * The text to index and cut snippets from: every token (punctuation kept, so a snippet reads; the parser skips
 * it), separated by single ASCII spaces, the text's own spaces kept as OWN_SPACE. The snippet markers are taken
 * out of captured text first.
 */
export function segmentedText(text: string): string {
  jieba ??= Jieba.withDict(dict);
  return jieba
    .cut(text.replace(MARKS, ''), false)
    .map((token) => (token.trim() === '' ? OWN_SPACE : token.trim().replace(/\s+/gu, OWN_SPACE)))
    .filter((token, i, tokens) => !(token === OWN_SPACE && tokens[i - 1] === OWN_SPACE))
    .join(' ');
}

/**
 * The lexemes of a search phrase, lower-cased (as the 'simple' configuration stores them), each once, at most
 * `max`: for `to_tsquery('simple', terms.join(' & '))`. Only letters and digits, so nothing in them is tsquery
 * syntax.
 */
export function queryTerms(phrase: string, max = 32): string[] {
  return [...new Set(words(phrase).map((word) => word.toLowerCase()))].slice(0, max);
}

export interface Snippet {
  /** Plain text (the console escapes it): never HTML. */
  readonly text: string;
  /** The matched words: [start, end) as JavaScript string offsets into `text`. */
  readonly highlights: readonly (readonly [number, number])[];
}

/**
 * A ts_headline result made readable: the ASCII spaces segmentation put between words removed, the text's own
 * spaces (OWN_SPACE) put back, the markers turned into ranges. Markers are private-use characters rather than
 * 【】, which Chinese headlines use themselves.
 */
export function snippetOf(headline: string): Snippet {
  const closed = headline.replace(/ +/g, '').replaceAll(OWN_SPACE, ' ');
  const highlights: [number, number][] = [];
  let text = '';
  let start: number | undefined;
  for (const char of closed) {
    if (char === MARK_START) start = text.length;
    else if (char === MARK_STOP) {
      if (start !== undefined && text.length > start) highlights.push([start, text.length]);
      start = undefined;
    } else text += char;
  }
  return { text, highlights };
}
