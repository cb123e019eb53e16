import { createHash } from 'node:crypto';
import { Jieba } from '@node-rs/jieba';
import { dict, idf as idfTable } from '@node-rs/jieba/dict';
import { analyseSentiment, simhashAndWordSet, type Idf, type TextAnalysis } from '@yuqing/ingestion-domain';

let jieba: Jieba | undefined;

/** Chinese word segmentation (jieba, native, with its default dictionary); loaded once per process. */
export function segment(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, false).filter((word) => word.trim() !== '');
}

let idfByWord: Map<string, number> | undefined;
let unknownIdf = 0;

/**
 * How telling a word is, from the segmenter's corpus statistics (jieba's IDF table); a word the corpus does not
 * know (a new name, a place, a misspelling) counts as rare as the median word, as jieba's own keyword extraction
 * does. Loaded once per process.
 */
export const idf: Idf = (word) => {
  if (!idfByWord) {
    idfByWord = new Map();
    for (const line of new TextDecoder().decode(idfTable).split('\n')) {
      const space = line.lastIndexOf(' ');
      if (space > 0) idfByWord.set(line.slice(0, space), Number(line.slice(space + 1)));
    }
    const sorted = [...idfByWord.values()].sort((a, b) => a - b);
    unknownIdf = sorted[Math.floor(sorted.length / 2)] ?? 10;
  }
  return idfByWord.get(word) ?? unknownIdf;
};

export function contentHash(title: string, text: string): string {
  return createHash('sha256').update(`${title}\n${text}`, 'utf8').digest('hex');
}

export function analyseText(title: string, text: string): TextAnalysis {
  const words = segment(`${title}\n${text}`);
  return { words, ...simhashAndWordSet(words), sentiment: analyseSentiment(words) };
}
