import {
  category,
  formatPath,
  gradeLevel,
  gradingCriterion,
  platform,
  reachTier,
  reportKind,
  type ContractIssue,
} from '@yuqing/contracts';
import { z } from 'zod';

// A grading rule set (定级规则) is data: one JSON file per deployment, versioned. A proposal names the version
// that decided it; a new version never rewrites past decisions, it only decides from then on (or in a what-if).

/** `grading-rules@2026-01`, optionally with a suffix: `grading-rules@2026-01-draft.2`, `grading-rules@2026-01+yuxi`. */
export const RULE_SET_VERSION_PATTERN =
  /^grading-rules@\d{4}-(?:0[1-9]|1[0-2])(?:[-+.][A-Za-z0-9.-]{1,60})?$/;

const heat = z.number().min(0).max(100);
const nonEmpty = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .min(1)
    .max(max)
    .refine((values) => new Set(values).size === values.length, { message: 'must not repeat' });

/** A condition a rule can name: not `merged-incident`, which is the merge's, not a rule's (see the decider). */
const ruleCriterion = gradingCriterion.exclude(['merged-incident']);

/** A rise of the heat index by at least `points` within `withinHours` before the latest measurement. */
const heatRise = z.strictObject({
  points: z.number().positive().max(100),
  withinHours: z
    .number()
    .positive()
    .max(24 * 30),
});

/**
 * A source condition (第三条 "如…"): an item from one of these reach tiers (and, when given, one of these outlets
 * and platforms) meets `criterion` at `level`; `minHeat`, when given, also asks for that much heat (e.g. a national
 * portal "引起和可能引起广泛关注").
 */
const sourceRule = z.strictObject({
  criterion: ruleCriterion,
  level: gradeLevel,
  reachTiers: nonEmpty(reachTier, 7),
  outlets: nonEmpty(z.string().min(1).max(200), 200).optional(),
  platforms: nonEmpty(platform, 11).optional(),
  minHeat: heat.optional(),
});

/**
 * A heat condition: the incident's current heat index at least `minHeat` (and, when given, risen by `rise`; and,
 * when `negativeOnly`, mostly negative sentiment) meets `criterion` at `level` (社会热点 / 网上影响较大).
 */
const heatRule = z.strictObject({
  criterion: ruleCriterion,
  level: gradeLevel,
  minHeat: heat,
  rise: heatRise.optional(),
  negativeOnly: z.boolean().optional(),
});

export const gradingRuleSetSchema = z.strictObject({
  version: z
    .string()
    .max(100)
    .regex(RULE_SET_VERSION_PATTERN, 'must look like `grading-rules@2026-01` (optionally with a suffix)'),
  title: z.string().min(1).max(200),
  /** Where the rules come from, e.g. `篇三 第三条、第十二条`. */
  basis: z.string().min(1).max(500).optional(),
  sources: z.array(sourceRule).min(1).max(50),
  heat: z.array(heatRule).max(20),
  /** 需要市委、市政府协调解决的重大民生诉求 → 二级: an incident in one of these categories with this much heat. */
  majorLivelihood: z
    .strictObject({
      categories: nonEmpty(category, 20),
      minHeat: heat,
    })
    .optional(),
  /**
   * 因处置不当，导致发展态势进一步扩大 → one level up (三级 → 二级, 二级 → 一级): a deadline of one of these kinds
   * missed while the current grade was in force, and the heat risen by `minHeatRise` since it was missed.
   */
  poorHandling: z
    .strictObject({
      deadlineKinds: nonEmpty(reportKind, 8),
      minHeatRise: z.number().min(0).max(100),
    })
    .optional(),
  /** 特别重大 (第十二条): already national attention: this many distinct outlets of these tiers and this much heat. */
  exceptional: z
    .strictObject({
      reachTiers: nonEmpty(reachTier, 7),
      minDistinctOutlets: z.number().int().min(1).max(100),
      minHeat: heat,
    })
    .optional(),
  /**
   * 特别重大 (第十二条 "在全省…范围内引起广泛关注"): attention across the province: items of these tiers from outlets
   * of at least `minCities` distinct cities (by `outletCities`, outlet → city) and this much heat.
   */
  provinceWide: z
    .strictObject({
      reachTiers: nonEmpty(reachTier, 7),
      outletCities: z
        .record(z.string().min(1).max(200), z.string().min(1).max(100))
        .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= 500, {
          message: 'must name 1 to 500 outlets',
        }),
      minCities: z.number().int().min(2).max(100),
      minHeat: heat,
    })
    .optional(),
  /** Sentiment: an incident is "mostly negative" when at least this share of its items are negative. */
  sentiment: z.strictObject({ negativeShare: z.number().gt(0).max(1) }),
});

export type GradingRuleSet = z.infer<typeof gradingRuleSetSchema>;
export type SourceRule = GradingRuleSet['sources'][number];
export type HeatRule = GradingRuleSet['heat'][number];

/** A rule-set file that is not a valid rule set: every problem with its field path (`sources[2].level`). */
export class RuleSetError extends Error {
  override readonly name = 'RuleSetError';

  constructor(
    /** Where the rule set came from (a file name), for the message. */
    readonly origin: string,
    readonly issues: readonly ContractIssue[],
  ) {
    const shown = issues.slice(0, 10).map((i) => `${i.path}: ${i.message}`);
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
    super(`grading rule set ${origin} is invalid: ${shown.join('; ')}`);
  }
}

/**
 * Validates a deployment's rule set (the parsed JSON of its file) and returns it frozen. Throws RuleSetError
 * naming each bad field. `origin` names the file in the message.
 */
export function parseGradingRuleSet(json: unknown, origin = '(rule set)'): GradingRuleSet {
  const result = gradingRuleSetSchema.safeParse(json);
  if (!result.success) {
    throw new RuleSetError(
      origin,
      result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  return deepFreeze(result.data);
}

/** Parses the text of a rule-set file: JSON syntax errors are reported like field errors, at `(root)`. */
export function parseGradingRuleSetJson(text: string, origin = '(rule set)'): GradingRuleSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RuleSetError(origin, [
      { path: '(root)', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
  return parseGradingRuleSet(json, origin);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
