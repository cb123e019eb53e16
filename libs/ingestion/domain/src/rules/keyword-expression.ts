/**
 * Monitoring rules as boolean keyword expressions (监测规则):
 *
 *   (西山区 OR 昆明市 OR "滇池管理局") AND (污染 OR 拆迁 OR 欠薪) NOT (广告 OR 招聘)
 *
 * Terms are matched as substrings of the normalised text (Chinese is not written with spaces, so a word is
 * found inside a sentence); Latin terms ignore case. Quoted phrases may hold spaces and operators.
 * Operators: AND (also &, 和, 且, or simply writing two terms side by side), OR (also |, 或), NOT (also !, 非, or a
 * leading minus: -广告)
 * — NOT binds tightest, then AND, then OR; parentheses group. `A NOT B` means A AND NOT B.
 */

export type KeywordExpression =
  | { readonly kind: 'term'; readonly text: string; readonly phrase: boolean }
  | { readonly kind: 'and' | 'or'; readonly items: readonly KeywordExpression[] }
  | { readonly kind: 'not'; readonly item: KeywordExpression };

/** A rule that does not parse, with the position (in characters) of the token at fault. */
export class RuleSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly token: string,
  ) {
    super(`${reason} at position ${position}${token ? ` ("${token}")` : ''}`);
    this.name = 'RuleSyntaxError';
  }
}

type Token =
  | { type: 'term'; text: string; phrase: boolean; at: number }
  | { type: 'and' | 'or' | 'not' | 'open' | 'close'; text: string; at: number };

const WORD_OPERATORS: Record<string, 'and' | 'or' | 'not'> = {
  AND: 'and',
  OR: 'or',
  NOT: 'not',
  和: 'and',
  且: 'and',
  或: 'or',
  非: 'not',
};
const SYMBOLS: Record<string, Token['type']> = {
  '(': 'open',
  '（': 'open',
  ')': 'close',
  '）': 'close',
  '&': 'and',
  '|': 'or',
  '!': 'not',
};
const MAX_LENGTH = 2000;
const MAX_TERMS = 500;
const MAX_DEPTH = 20;

function tokenise(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === '“' || c === '”') {
      const start = i;
      const end = source.slice(i + 1).search(/["“”]/);
      if (end < 0) throw new RuleSyntaxError('unclosed quote', start, source.slice(start, start + 10));
      const text = source.slice(i + 1, i + 1 + end).trim();
      if (!text) throw new RuleSyntaxError('empty phrase', start, '""');
      tokens.push({ type: 'term', text, phrase: true, at: start });
      i += end + 2;
    } else if (c === '-' && (i === 0 || /[\s(（]/.test(source[i - 1]!))) {
      // A leading minus excludes (-广告); inside a word it is part of it (COVID-19).
      tokens.push({ type: 'not', text: c, at: i });
      i++;
    } else if (SYMBOLS[c]) {
      tokens.push({ type: SYMBOLS[c]!, text: c, at: i } as Token);
      i++;
    } else {
      const start = i;
      while (
        i < source.length &&
        !/\s/.test(source[i]!) &&
        !SYMBOLS[source[i]!] &&
        !'"“”'.includes(source[i]!)
      )
        i++;
      const word = source.slice(start, i);
      const operator = WORD_OPERATORS[word.toUpperCase()] ?? WORD_OPERATORS[word];
      tokens.push(
        operator
          ? { type: operator, text: word, at: start }
          : { type: 'term', text: word, phrase: false, at: start },
      );
    }
  }
  return tokens;
}

/** Parses a rule; throws RuleSyntaxError naming the bad token. */
export function parseKeywordExpression(source: string): KeywordExpression {
  if (source.length > MAX_LENGTH)
    throw new RuleSyntaxError(`rule is longer than ${MAX_LENGTH} characters`, MAX_LENGTH, '');
  const tokens = tokenise(source);
  if (tokens.length === 0) throw new RuleSyntaxError('rule is empty', 0, '');
  if (tokens.filter((t) => t.type === 'term').length > MAX_TERMS)
    throw new RuleSyntaxError(`rule has more than ${MAX_TERMS} terms`, 0, '');
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const endAt = source.length;

  const parseOr = (depth: number): KeywordExpression => {
    const items = [parseAnd(depth)];
    while (peek()?.type === 'or') {
      pos++;
      items.push(parseAnd(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };

  const parseAnd = (depth: number): KeywordExpression => {
    const items = [parseNot(depth)];
    for (;;) {
      const next = peek();
      if (next?.type === 'and') {
        pos++;
        items.push(parseNot(depth));
      } else if (next && (next.type === 'term' || next.type === 'open' || next.type === 'not')) {
        items.push(parseNot(depth)); // side by side, or `A NOT B`: an implicit AND
      } else {
        break;
      }
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };

  const parseNot = (depth: number): KeywordExpression => {
    const token = peek();
    if (token?.type === 'not') {
      pos++;
      if (!peek() || peek()!.type === 'close' || peek()!.type === 'and' || peek()!.type === 'or') {
        throw new RuleSyntaxError(`${token.text} needs a term or a group after it`, token.at, token.text);
      }
      return { kind: 'not', item: parseNot(depth) };
    }
    return parsePrimary(depth);
  };

  const parsePrimary = (depth: number): KeywordExpression => {
    const token = peek();
    if (!token) throw new RuleSyntaxError('rule ends where a term was expected', endAt, '');
    if (token.type === 'term') {
      pos++;
      return { kind: 'term', text: token.text, phrase: token.phrase };
    }
    if (token.type === 'open') {
      if (depth >= MAX_DEPTH)
        throw new RuleSyntaxError(`groups nested deeper than ${MAX_DEPTH}`, token.at, token.text);
      pos++;
      if (peek()?.type === 'close') throw new RuleSyntaxError('empty group', token.at, '()');
      const inner = parseOr(depth + 1);
      const close = peek();
      if (close?.type !== 'close') throw new RuleSyntaxError('unclosed group', token.at, token.text);
      pos++;
      return inner;
    }
    throw new RuleSyntaxError(
      token.type === 'close' ? 'unexpected closing parenthesis' : `${token.text} needs a term before it`,
      token.at,
      token.text,
    );
  };

  const expression = parseOr(0);
  const rest = peek();
  if (rest)
    throw new RuleSyntaxError(
      rest.type === 'close' ? 'unexpected closing parenthesis' : 'unexpected token',
      rest.at,
      rest.text,
    );
  if (!hasPositiveTerm(expression))
    throw new RuleSyntaxError('a rule needs at least one term that must appear, not only exclusions', 0, '');
  return expression;
}

function hasPositiveTerm(expression: KeywordExpression): boolean {
  switch (expression.kind) {
    case 'term':
      return true;
    case 'not':
      return false;
    case 'and':
      return expression.items.some(hasPositiveTerm);
    case 'or':
      return expression.items.every(hasPositiveTerm);
  }
}

export interface RuleMatch {
  readonly matched: boolean;
  /** The terms found in the text that made it match (for the monitor: why this item was kept). */
  readonly terms: readonly string[];
  /** The excluded terms found, when an exclusion decided. */
  readonly excludedBy: readonly string[];
}

/** The text a rule is matched against: full-width folded to half-width, lower-cased, whitespace collapsed. */
export function matchableText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

/** Evaluates a rule against text prepared with matchableText. */
export function evaluateKeywordExpression(expression: KeywordExpression, text: string): RuleMatch {
  const found: string[] = [];
  const excluded: string[] = [];
  const has = (term: string) => text.includes(matchableText(term));
  const walk = (e: KeywordExpression, negated: boolean): boolean => {
    switch (e.kind) {
      case 'term': {
        const hit = has(e.text);
        if (hit) (negated ? excluded : found).push(e.text);
        return hit;
      }
      case 'not':
        return !walk(e.item, !negated);
      case 'and':
        return e.items.map((item) => walk(item, negated)).every(Boolean);
      case 'or':
        return e.items.map((item) => walk(item, negated)).some(Boolean);
    }
  };
  const matched = walk(expression, false);
  return {
    matched,
    terms: matched ? [...new Set(found)] : [],
    excludedBy: matched ? [] : [...new Set(excluded)],
  };
}
