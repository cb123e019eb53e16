import { refuse } from '@yuqing/contracts';

// The duty policy (篇一二(一) 24小时网络在线值班) as data, versioned and cited by every alert (`ruleSetVersion`): how
// long the monitor on duty has to acknowledge an alert before it escalates to the unit's head, and how long a shift
// may be. An office changes it by shipping a new version, never by editing what past alerts cite.

export interface DutyPolicy {
  readonly version: string;
  /** ISO 8601 duration (PTnH, PTnM, PTnS and combinations), e.g. PT5M. */
  readonly escalateAfter: string;
  /** The longest a shift may last, in hours (24-hour duty is covered by shifts of at most a day). */
  readonly maxShiftHours: number;
}

export const DEFAULT_DUTY_POLICY: DutyPolicy = {
  version: 'duty-policy@1',
  escalateAfter: 'PT5M',
  maxShiftHours: 24,
};

const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

/** Milliseconds of a PTnHnMnS duration; refuses anything else or zero. */
export function durationMs(iso: string): number {
  const match = DURATION.exec(iso);
  const ms = match
    ? (Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0)) * 1000
    : 0;
  if (ms <= 0) refuse('reporting.duty-policy-duration', `not a positive PTnHnMnS duration: ${iso}`);
  return ms;
}

/** The policy with the operator's escalation time (e.g. DUTY_ESCALATE_AFTER=PT10M), checked; its own version. */
export function dutyPolicyWith(
  escalateAfter: string | undefined,
  base: DutyPolicy = DEFAULT_DUTY_POLICY,
): DutyPolicy {
  if (!escalateAfter || escalateAfter === base.escalateAfter) return base;
  durationMs(escalateAfter);
  return { ...base, version: `${base.version}+escalate-${escalateAfter}`, escalateAfter };
}
