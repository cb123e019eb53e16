import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEFAULT_GRADING_RULES, parseGradingRuleSetJson, type GradingRuleSet } from '@yuqing/grading-domain';

/** The deployment's rule set (GRADING_RULES_FILE), or the default of 第三条; a bad file stops the service. */
export function loadRuleSet(path: string | undefined): GradingRuleSet {
  if (!path) return DEFAULT_GRADING_RULES;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `GRADING_RULES_FILE ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // RuleSetError names every bad field by its path.
  return parseGradingRuleSetJson(text, `GRADING_RULES_FILE ${path}`);
}

/** The rules of a rule set in a canonical form (keys sorted), so one content has one digest. */
export function ruleSetDigest(rules: GradingRuleSet): string {
  return createHash('sha256').update(canonical(rules)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
