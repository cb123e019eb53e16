import {
  evaluateKeywordExpression,
  matchableText,
  type KeywordExpression,
} from '../rules/keyword-expression';

/** A unit's active monitoring rule, its expression parsed once (the app keeps the parsed ones across requests). */
export interface MonitoringRule {
  readonly ruleId: string;
  readonly version: number;
  readonly expression: KeywordExpression;
  /** Platforms the rule watches; empty: all of them. */
  readonly platforms: readonly string[];
}

export interface RuleHit {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly terms: readonly string[];
}

export type Relevance =
  | { readonly kind: 'judged' }
  | { readonly kind: 'matched'; readonly matches: readonly RuleHit[] }
  | { readonly kind: 'rejected'; readonly reason: 'no-rule-matched' | 'excluded-term' };

const JUDGED: Relevance = { kind: 'judged' };

/**
 * Relevance (涉本辖区): by the unit's rules, unless a person (manual capture, a media tip-off) or an upper office
 * (a transfer, `transfer` set) already judged the item. A rule matches when its expression holds on the item's title and text
 * and it watches the item's platform; an item no rule matches is rejected, for an excluding term if one fired.
 */
export function judgeRelevance(
  item: { readonly platform: string; readonly captureMethod: string; readonly transfer?: object },
  title: string,
  text: string,
  rules: readonly MonitoringRule[],
): Relevance {
  if (item.captureMethod === 'manual' || item.captureMethod === 'media-tip-off' || item.transfer)
    return JUDGED;
  const haystack = matchableText(`${title}\n${text}`);
  const matches: RuleHit[] = [];
  let excluded = false;
  for (const rule of rules) {
    if (rule.platforms.length > 0 && !rule.platforms.includes(item.platform)) continue;
    const result = evaluateKeywordExpression(rule.expression, haystack);
    if (result.matched) matches.push({ ruleId: rule.ruleId, ruleVersion: rule.version, terms: result.terms });
    else if (result.excludedBy.length > 0) excluded = true;
  }
  if (matches.length === 0)
    return { kind: 'rejected', reason: excluded ? 'excluded-term' : 'no-rule-matched' };
  return { kind: 'matched', matches };
}
