import { DEGREES, NEGATIONS, SENTIMENT_WORDS } from './lexicon';

export interface DecidingWord {
  readonly word: string;
  /** Its contribution after negation and degree. */
  readonly weight: number;
  readonly negatedBy?: string;
  readonly intensifiedBy?: string;
}

export interface Sentiment {
  readonly polarity: 'negative' | 'neutral' | 'positive';
  /** −1 … +1. */
  readonly score: number;
  /** The words that decided it, strongest first: a monitor sees why. */
  readonly decidingWords: readonly DecidingWord[];
}

const WINDOW = 3;

/**
 * Lexicon-based polarity over segmented words. A negation within three words before an opinion word flips
 * and halves it (不满意 is negative, 不太好 mildly so); a degree adverb scales it. Two negations cancel.
 */
export function analyseSentiment(
  tokens: readonly string[],
  lexicon: Readonly<Record<string, number>> = SENTIMENT_WORDS,
): Sentiment {
  const deciding: DecidingWord[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!;
    const base = lexicon[word];
    if (base === undefined) continue;
    let weight = base;
    let negatedBy: string | undefined;
    let intensifiedBy: string | undefined;
    let negations = 0;
    for (let j = i - 1; j >= Math.max(0, i - WINDOW); j--) {
      const before = tokens[j]!;
      if (lexicon[before] !== undefined) break;
      if (NEGATIONS.has(before)) {
        negations++;
        negatedBy ??= before;
      } else if (DEGREES[before] !== undefined && !intensifiedBy) {
        intensifiedBy = before;
        weight *= DEGREES[before]!;
      }
    }
    if (negations % 2 === 1) weight = -weight * 0.5;
    else negatedBy = undefined;
    deciding.push({
      word,
      weight: Math.round(weight * 100) / 100,
      ...(negatedBy ? { negatedBy } : {}),
      ...(intensifiedBy ? { intensifiedBy } : {}),
    });
  }
  const total = deciding.reduce((sum, d) => sum + d.weight, 0);
  const score = Math.round(Math.tanh(total / 4) * 1000) / 1000;
  return {
    polarity: score <= -0.15 ? 'negative' : score >= 0.15 ? 'positive' : 'neutral',
    score,
    decidingWords: [...deciding].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 10),
  };
}
