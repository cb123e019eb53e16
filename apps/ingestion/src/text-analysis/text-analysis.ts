import { createHash } from 'node:crypto';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import {
  analyseSentiment,
  simhashAndWordSet,
  type Sentiment,
  type SimHash,
  type WordSet,
} from '@yuqing/ingestion-domain';

/** What the pipeline learns from an item's words: segmentation, fingerprint, content words, sentiment. */
export interface TextAnalysis {
  readonly words: readonly string[];
  readonly fingerprint: SimHash;
  readonly wordSet: WordSet;
  readonly sentiment: Sentiment;
}

let jieba: Jieba | undefined;

/** Chinese word segmentation (jieba, native, with its default dictionary); loaded once per process. */
export function segment(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, false).filter((word) => word.trim() !== '');
}

export function contentHash(title: string, text: string): string {
  return createHash('sha256').update(`${title}\n${text}`, 'utf8').digest('hex');
}

export function analyseText(title: string, text: string): TextAnalysis {
  const words = segment(`${title}\n${text}`);
  return { words, ...simhashAndWordSet(words), sentiment: analyseSentiment(words) };
}
