import type { GradeLevel } from '@yuqing/contracts';

/** The parts of a handling summary (第二十六条: 总结反思, 提出展望), and the least each must say. */
export type SummaryPart = 'whatHappened' | 'handling' | 'lessons' | 'outlook';

/**
 * What archive's decisions follow, as data: a deployment may ship its own, and every decision cites the version
 * it was taken under, so it stays explainable by the rules of its day.
 */
export interface CasePolicy {
  /** Cited by the events (`ruleSetVersion`); a changed policy is a new version. */
  readonly version: string;
  /** 第二十六条: after handling a 一级 or 二级 incident, a summary and reflection goes into the case library. */
  readonly summaryRequiredFor: readonly GradeLevel[];
  /** Each part's name in Chinese (for the refusal) and the fewest characters that count as saying something. */
  readonly summaryParts: Readonly<
    Record<SummaryPart, { readonly label: string; readonly minLength: number }>
  >;
  /** 篇一三(三): what arrives after closing is filed too; new items reopen a closed case. */
  readonly reopenOnNewItems: boolean;
  /** A reopening by a person says why in at least this many characters. */
  readonly minimumReopenReasonLength: number;
}

export const DEFAULT_CASE_POLICY: CasePolicy = Object.freeze({
  version: 'archive-rules@2026-12',
  summaryRequiredFor: ['level-1', 'level-2'] as const,
  summaryParts: Object.freeze({
    whatHappened: { label: '事件经过', minLength: 10 },
    handling: { label: '处置情况', minLength: 10 },
    lessons: { label: '经验教训', minLength: 6 },
    outlook: { label: '研判展望', minLength: 6 },
  }),
  reopenOnNewItems: true,
  minimumReopenReasonLength: 4,
});
