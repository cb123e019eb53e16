import { z } from 'zod';
import type { GradeLevel, ReleaseApprover } from '@yuqing/contracts';

/**
 * What guidance's response decisions follow, as data: a deployment may ship its own, and every decision cites the
 * version it was taken under, so it stays explainable by the rules of its day.
 */
export interface GuidancePolicy {
  /** Cited by the events (`ruleSetVersion`); a changed policy is a new version. */
  readonly version: string;
  /**
   * How long after the plan the first public response is due, per grade (ISO 8601, hours and minutes). The seed
   * gives no number (第十六、二十条 say only 及时, 速报事实): these defaults are this platform's, configurable per
   * deployment.
   */
  readonly firstResponseWithin: Readonly<Record<GradeLevel, string>>;
  /**
   * The reminder of the first response comes when this share of its window is left (0.25: 15 minutes before a
   * 一级 hour, 1 hour before a 二级 four, 6 hours before a 三级 day).
   */
  readonly firstResponseReminderShare: number;
  /** 第二十一条: who approves a release at each grade (grading's rule, kept here as guidance's own data). */
  readonly approversByLevel: Readonly<Record<GradeLevel, readonly ReleaseApprover[]>>;
  /**
   * Which platform roles stand for each approver, held at or above the incident's unit (for the city bureau
   * department: at or above the department the plan names). The special team is its listed leader and members.
   */
  readonly approverRoles: Readonly<Record<Exclude<ReleaseApprover, 'special-team'>, readonly string[]>>;
  /** Who drafts the wording in the incident's unit when the plan names nobody (第五、六条: 发言人, 舆情管理员). */
  readonly drafterRoles: readonly string[];
  /** Where releases go out when the plan names no channel. */
  readonly channels: readonly string[];
}

export const DEFAULT_GUIDANCE_POLICY: GuidancePolicy = Object.freeze({
  version: 'guidance-rules@1',
  firstResponseWithin: Object.freeze({ 'level-1': 'PT1H', 'level-2': 'PT4H', 'level-3': 'PT24H' }),
  firstResponseReminderShare: 0.25,
  approversByLevel: Object.freeze({
    'level-1': ['special-team', 'propaganda-department'],
    'level-2': ['leading-group-office'],
    'level-3': ['department-supervising-leader', 'city-bureau-department'],
  } as const),
  approverRoles: Object.freeze({
    'propaganda-department': ['publicity-department'],
    'leading-group-office': ['leading-group-office'],
    'department-supervising-leader': ['spokesperson'],
    'city-bureau-department': ['spokesperson', 'leading-group-office'],
  } as const),
  drafterRoles: ['spokesperson', 'opinion-admin'],
  channels: ['政府网站', '政务微博', '微信公众号'],
});

/** Milliseconds of an ISO 8601 duration of hours and minutes (PT1H, PT90M, PT1H30M); the policy's only form. */
export function durationMs(iso: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
  if (!match || (!match[1] && !match[2])) throw new Error(`not a duration of hours and minutes: ${iso}`);
  return (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60_000;
}

/** An ISO 8601 duration of hours and minutes longer than zero (PT1H, PT90M). */
function isDuration(value: string): boolean {
  try {
    return value.length <= 12 && durationMs(value) > 0;
  } catch {
    return false;
  }
}
const duration = z.string().refine(isDuration, 'an ISO 8601 duration of hours and minutes, e.g. PT4H');

/**
 * What a deployment's policy file may set: its version, the first-response deadlines and their reminder, the drafter
 * roles and the channels. Who approves at which grade is the seed's rule (第二十一条), the same everywhere, so it is not here.
 */
const deploymentPolicy = z.strictObject({
  version: z.string().regex(/^guidance-rules@[A-Za-z0-9.+-]{1,60}$/, 'guidance-rules@<version>'),
  firstResponseWithin: z
    .strictObject({ 'level-1': duration, 'level-2': duration, 'level-3': duration })
    .optional(),
  firstResponseReminderShare: z.number().gt(0).lt(1).optional(),
  drafterRoles: z.array(z.string().min(1).max(50)).min(1).max(10).optional(),
  channels: z.array(z.string().min(1).max(200)).max(20).optional(),
});

/** A deployment's policy file that does not parse: the service stops, naming the field. */
export class GuidancePolicyError extends Error {
  override readonly name = 'GuidancePolicyError';

  constructor(
    readonly origin: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(`guidance policy ${origin} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** The default policy with a deployment's settings (JSON) on top, under the deployment's version. */
export function parseGuidancePolicyJson(text: string, origin = '(policy)'): GuidancePolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GuidancePolicyError(origin, [
      { path: '(root)', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
  const parsed = deploymentPolicy.safeParse(json);
  if (!parsed.success)
    throw new GuidancePolicyError(
      origin,
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    );
  const { version, firstResponseWithin, firstResponseReminderShare, drafterRoles, channels } = parsed.data;
  return Object.freeze({
    ...DEFAULT_GUIDANCE_POLICY,
    version,
    ...(firstResponseWithin ? { firstResponseWithin: Object.freeze(firstResponseWithin) } : {}),
    ...(firstResponseReminderShare !== undefined ? { firstResponseReminderShare } : {}),
    ...(drafterRoles ? { drafterRoles } : {}),
    ...(channels ? { channels } : {}),
  });
}
