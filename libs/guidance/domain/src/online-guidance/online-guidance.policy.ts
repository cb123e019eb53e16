import type { GradeLevel } from '@yuqing/contracts';

/**
 * What online guidance (第二十二条) follows, as data; approvals cite the version. The seed sets no time for a
 * commentator to report back: the defaults give 2 hours for a 一级 incident (PT2H), 4 hours otherwise (PT4H).
 */
export interface OnlineGuidancePolicy {
  readonly version: string;
  /** Minutes from the approval to a task's due time, by the incident's grade (`default` when none is given). */
  readonly reportWithinMinutes: Readonly<Record<GradeLevel | 'default', number>>;
  /** The grades at which the city internet office may deploy all of the city's commentators. */
  readonly cityWideAt: readonly GradeLevel[];
}

export const DEFAULT_ONLINE_GUIDANCE_POLICY: OnlineGuidancePolicy = Object.freeze<OnlineGuidancePolicy>({
  version: 'online-guidance@1',
  reportWithinMinutes: Object.freeze({ 'level-1': 120, 'level-2': 240, 'level-3': 240, default: 240 }),
  // 第二十二条: 发生一级舆情时，由市局网管办协调组织全局网管员、网评员，统一部署.
  cityWideAt: ['level-1'],
});
