import { formatPath, reachTier, reportKind, type ContractIssue, type ReportKind } from '@yuqing/contracts';
import { z } from 'zod';

// The reporting policy (报送规则) is data, versioned like grading's rule sets: which reports each grade asks for,
// their deadlines and where each clock starts, reminders, the sign-off wait, and the shape of the org tree the
// reports climb. An obligation names the version that opened it; a new version only decides from then on.

/** `reporting-rules@2026-01`, optionally with a suffix: `reporting-rules@2026-01+yuxi`. */
export const POLICY_VERSION_PATTERN =
  /^reporting-rules@\d{4}-(?:0[1-9]|1[0-2])(?:[-+.][A-Za-z0-9.-]{1,60})?$/;

const MAX_MINUTES = 60 * 24 * 60;
const minutes = z.number().int().min(1).max(MAX_MINUTES);
const segment = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be one org-unit path segment');

const distinct = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((values) => new Set(values).size === values.length, { message: 'must not repeat' });
const nonEmpty = <T extends z.ZodType>(item: T, max: number) => distinct(item, max).min(1);

/** A deadline: so many minutes after the incident started (舆情发生) or after the grade came into force. */
const deadline = z.strictObject({
  minutes,
  from: z.enum(['incident-start', 'graded']),
});

export const reportingPolicySchema = z
  .strictObject({
    version: z
      .string()
      .max(100)
      .regex(POLICY_VERSION_PATTERN, 'must look like `reporting-rules@2026-01` (optionally with a suffix)'),
    title: z.string().min(1).max(200),
    /** Where the rules come from, e.g. `篇三 第十二至十五条`. */
    basis: z.string().min(1).max(500).optional(),
    /** When an incident "arose" (舆情发生): its first item's capture, or its first item's publication. */
    clockStart: z.enum(['first-capture', 'first-publication']),
    /** The reports each grade asks for. */
    obligations: z.strictObject({
      exceptional: nonEmpty(reportKind, 8),
      'level-1': nonEmpty(reportKind, 8),
      'level-2': nonEmpty(reportKind, 8),
      'level-3': nonEmpty(reportKind, 8),
    }),
    deadlines: z.partialRecord(reportKind, deadline),
    /** 需要报送到省的网络舆情: a level-1 incident whose widest reach is one of these also owes the province. */
    provincialReport: z.strictObject({ whenWidestReach: nonEmpty(reachTier, 7) }).optional(),
    /** Reminders (报送提醒), as minutes before the deadline; by kind, else the default. */
    reminders: z.strictObject({
      default: distinct(minutes, 5),
      byKind: z.partialRecord(reportKind, distinct(minutes, 5)).optional(),
    }),
    /** How long a submitted bulletin waits for a sign-off (签批) before it counts as left unsigned. */
    signOff: z.strictObject({ waitMinutes: minutes }),
    /** While a bulletin is left unsigned: a heat rise of this many points re-opens reporting (再次上报). */
    monitoring: z.strictObject({ reopenOnHeatRise: z.number().positive().max(100) }),
    /** Follow-up tasks from a sign-off: due this long after it when the leader set no date. */
    followUp: z.strictObject({ dueMinutes: minutes.optional() }),
    /** 转办: reminders before a transferred item's own time limit (办理时限); the default reminders when absent. */
    transfers: z.strictObject({ reminderLeadMinutes: distinct(minutes, 5) }).optional(),
    /**
     * 处置总结 (篇一 二(二)): the grades whose summary must have all four parts (事件经过、处置情况、经验教训、后续研判),
     * as the case library takes it (第二十六条); 一级 and 二级 when absent. Its deadline is `deadlines.handling-summary`.
     */
    handlingSummary: z
      .strictObject({ allPartsFor: distinct(z.enum(['level-1', 'level-2', 'level-3']), 3) })
      .optional(),
    /** 直办制: the outcome must be posted online (网上反馈) and its address given with the 回告. */
    directHandling: z.strictObject({ requirePublicReply: z.boolean() }),
    /** 人民网《地方领导留言板》: words in a board's name that say whom it addresses. */
    leaderBoard: z.strictObject({
      partySecretaryWords: nonEmpty(z.string().min(1).max(20), 10),
      governmentHeadWords: nonEmpty(z.string().min(1).max(20), 10),
    }),
    /** The org tree as paths (cn.yn.km.yl): which depth is the province and the city, and how offices are named. */
    orgTree: z.strictObject({
      provinceDepth: z.number().int().min(1).max(10),
      cityDepth: z.number().int().min(1).max(10),
      /** Segments of a level's own offices (网信办 wxb, 督办室, 领导小组办公室): a report to one reaches that level. */
      officeSegments: nonEmpty(segment, 20),
      partyCommitteeSupervisionOffice: segment,
      governmentSupervisionOffice: segment,
    }),
  })
  .superRefine((policy, ctx) => {
    const owed = new Set<ReportKind>([
      ...Object.values(policy.obligations).flat(),
      'leader-board-referral',
      ...(policy.provincialReport ? (['provincial-report'] as const) : []),
    ]);
    for (const kind of owed) {
      if (!policy.deadlines[kind]) {
        ctx.addIssue({
          code: 'custom',
          path: ['deadlines', kind],
          message: 'is required: a grade asks for it',
        });
      }
    }
    if (policy.orgTree.cityDepth <= policy.orgTree.provinceDepth) {
      ctx.addIssue({ code: 'custom', path: ['orgTree', 'cityDepth'], message: 'must be below the province' });
    }
  });

export type ReportingPolicy = z.infer<typeof reportingPolicySchema>;
export type OrgTreeShape = ReportingPolicy['orgTree'];

/** A policy file that is not a valid policy: every problem with its field path (`deadlines.bulletin`). */
export class ReportingPolicyError extends Error {
  override readonly name = 'ReportingPolicyError';

  constructor(
    readonly origin: string,
    readonly issues: readonly ContractIssue[],
  ) {
    const shown = issues.slice(0, 10).map((i) => `${i.path}: ${i.message}`);
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
    super(`reporting policy ${origin} is invalid: ${shown.join('; ')}`);
  }
}

/** Validates a deployment's policy (parsed JSON) and returns it frozen; throws ReportingPolicyError per field. */
export function parseReportingPolicy(json: unknown, origin = '(policy)'): ReportingPolicy {
  const result = reportingPolicySchema.safeParse(json);
  if (!result.success) {
    throw new ReportingPolicyError(
      origin,
      result.error.issues.flatMap((issue): ContractIssue[] =>
        // An unknown field is named by its own path, as contracts name them, so a typo is found at once.
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({
              path: formatPath([...issue.path, key]),
              message: 'is not a known field',
            }))
          : [{ path: formatPath(issue.path), message: issue.message }],
      ),
    );
  }
  return deepFreeze(result.data);
}

/** Parses the text of a policy file; JSON syntax errors are reported like field errors, at `(root)`. */
export function parseReportingPolicyJson(text: string, origin = '(policy)'): ReportingPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReportingPolicyError(origin, [
      { path: '(root)', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
  return parseReportingPolicy(json, origin);
}

/** The deadline the policy sets for a kind (the schema guarantees one for every kind a grade asks for). */
export function deadlineFor(
  policy: ReportingPolicy,
  kind: ReportKind,
): { minutes: number; from: 'incident-start' | 'graded' } {
  const found = policy.deadlines[kind];
  if (!found) throw new Error(`reporting policy ${policy.version} sets no deadline for ${kind}`);
  return found;
}

/** Reminder lead times for a kind, longest first. */
export function remindersFor(policy: ReportingPolicy, kind: ReportKind): number[] {
  return [...(policy.reminders.byKind?.[kind] ?? policy.reminders.default)].sort((a, b) => b - a);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
