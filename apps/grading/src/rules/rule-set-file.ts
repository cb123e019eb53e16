import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_OUTLET_CATALOGUE,
  formatPath,
  outletCatalogueSchema,
  type OutletCatalogueEntry,
} from '@yuqing/contracts';
import { defaultGradingRules, parseGradingRuleSetJson, type GradingRuleSet } from '@yuqing/grading-domain';

/**
 * The deployment's rule set (GRADING_RULES_FILE), or the default of 第三条 with the main city sites of the
 * deployment's outlet catalogue (the one ingestion reads); a bad file stops the service.
 */
export function loadRuleSet(
  path: string | undefined,
  catalogue: readonly OutletCatalogueEntry[] = DEFAULT_OUTLET_CATALOGUE,
): GradingRuleSet {
  if (!path) return defaultGradingRules(catalogue);
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

/**
 * The deployment's outlet catalogue (SOURCE_CATALOGUE_FILE, the same file and variable as ingestion's), or the default
 * (昆明's); a bad file stops the service naming the file and the field.
 */
export function loadOutletCatalogue(path: string | undefined): readonly OutletCatalogueEntry[] {
  if (!path) return DEFAULT_OUTLET_CATALOGUE;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `SOURCE_CATALOGUE_FILE ${path} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = outletCatalogueSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `SOURCE_CATALOGUE_FILE ${path}: ${issue ? `${formatPath(issue.path)} ${issue.message}` : 'is invalid'}`,
    );
  }
  return parsed.data;
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
