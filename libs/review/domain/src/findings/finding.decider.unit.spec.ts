import {
  FindingAppealDecided,
  FindingAppealed,
  FindingConfirmed,
  FindingDismissed,
  FindingExplained,
  FindingRecorded,
  NotPermittedError,
  NotFoundError,
} from '@yuqing/contracts';
import { CITY, COUNTY, OTHER_COUNTY, TOWN } from '../testing/facts';
import { aDraft, by, FindingHistory } from '../testing/findings';
import { decideFinding, initialFindingState, type FindingCommand } from './finding.decider';
import { DEFAULT_FINDING_POLICY } from './finding.policy';

// A finding's rulings (第二十九条): recorded once; confirmed or dismissed by the reviewers above the department; the
// department explains and appeals, within the policy's days of the confirmation, once; the appeal is decided above.

const policy = DEFAULT_FINDING_POLICY;
const CONFIRMED_AT = new Date('2026-12-01T02:00:00Z');
const DAY = 86_400_000;

const record = (h: FindingHistory): FindingCommand => ({
  kind: 'record',
  findingId: h.findingId,
  draft: aDraft(),
});
const rule = (
  h: FindingHistory,
  outcome: 'confirmed' | 'dismissed',
  ruler = by(CITY),
  now = CONFIRMED_AT,
): FindingCommand => ({
  kind: 'rule',
  findingId: h.findingId,
  outcome,
  reason: '经核查属实。',
  by: ruler,
  now,
  policy,
});
const appeal = (h: FindingHistory, now: Date, appellant = by(COUNTY)): FindingCommand => ({
  kind: 'appeal',
  findingId: h.findingId,
  grounds: '快报已于时限内电话报告，系系统登记延迟。',
  by: appellant,
  now,
});
const decideAppeal = (
  h: FindingHistory,
  outcome: 'upheld' | 'overturned',
  ruler = by(CITY),
): FindingCommand => ({
  kind: 'decide-appeal',
  findingId: h.findingId,
  outcome,
  reason: '复核结论。',
  by: ruler,
  policy,
});
const explain = (h: FindingHistory, who = by(COUNTY)): FindingCommand => ({
  kind: 'explain',
  findingId: h.findingId,
  explanation: '当日值班人员交接延误。',
  by: who,
});

/** given: a recorded finding of the county. */
function recorded(): FindingHistory {
  const h = new FindingHistory();
  h.run(record(h));
  return h;
}

/** given: the city confirmed it. */
function confirmed(): FindingHistory {
  const h = recorded();
  h.run(rule(h, 'confirmed'));
  return h;
}

describe('recording a finding', () => {
  it('records the draft once, pending; found again (a redelivery, a replay) it appends nothing', () => {
    const h = new FindingHistory();

    const first = h.run(record(h));
    const again = h.run(record(h));

    expect(first).toEqual([
      expect.objectContaining({ type: FindingRecorded.type, data: { findingId: 'finding-1', ...aDraft() } }),
    ]);
    expect(again).toEqual([]);
    expect(h.state()).toEqual(
      expect.objectContaining({ status: 'pending', findingId: 'finding-1', responsibleOrgUnitId: COUNTY }),
    );
  });

  it('knows no finding that was never recorded', () => {
    const h = new FindingHistory();

    expect(() => decideFinding(rule(h, 'confirmed'), initialFindingState())).toThrow(NotFoundError);
  });
});

describe('ruling (认定): only from above the department', () => {
  it('lets the city confirm the county’s finding, with the appeal window of the policy’s days and its version', () => {
    const h = recorded();

    const events = h.run(rule(h, 'confirmed'));

    expect(events).toEqual([
      expect.objectContaining({
        type: FindingConfirmed.type,
        data: {
          findingId: 'finding-1',
          reason: '经核查属实。',
          appealBy: new Date(CONFIRMED_AT.getTime() + policy.appealDays * DAY).toISOString(),
          ruleSetVersion: 'review-rules@1',
        },
      }),
    ]);
    expect(h.state().status).toBe('confirmed');
  });

  it('lets the city dismiss it with the reason', () => {
    const h = recorded();

    const events = h.run(rule(h, 'dismissed'));

    expect(events).toEqual([
      expect.objectContaining({
        type: FindingDismissed.type,
        data: { findingId: 'finding-1', reason: '经核查属实。', ruleSetVersion: 'review-rules@1' },
      }),
    ]);
    expect(h.state().status).toBe('dismissed');
  });

  it('refuses the county ruling its own finding, a neighbouring county, and a town below it (403)', () => {
    const h = recorded();

    for (const ruler of [by(COUNTY), by(OTHER_COUNTY), by(TOWN)]) {
      expect(h.refusal(rule(h, 'confirmed', ruler))).toBe('review.ruled-from-above');
      expect(h.refusal(rule(h, 'dismissed', ruler))).toBe('review.ruled-from-above');
    }
    expect(() => decideFinding(rule(h, 'confirmed', by(COUNTY)), h.state())).toThrow(NotPermittedError);
  });

  it('lets a ruler act from any unit of theirs that is above the department', () => {
    const h = recorded();

    expect(h.run(rule(h, 'confirmed', by(OTHER_COUNTY, CITY)))).toEqual([
      expect.objectContaining({ type: FindingConfirmed.type }),
    ]);
  });

  it('refuses ruling twice: confirmed then dismissed, or dismissed then confirmed', () => {
    const once = confirmed();
    const dismissed = recorded();
    dismissed.run(rule(dismissed, 'dismissed'));

    expect(once.refusal(rule(once, 'dismissed'))).toBe('review.finding-ruled');
    expect(once.refusal(rule(once, 'confirmed'))).toBe('review.finding-ruled');
    expect(dismissed.refusal(rule(dismissed, 'confirmed'))).toBe('review.finding-ruled');
  });
});

describe('the department’s explanation (情况说明)', () => {
  it('records the county’s explanation, before or after the ruling', () => {
    const pending = recorded();
    const ruled = confirmed();

    expect(pending.run(explain(pending))).toEqual([expect.objectContaining({ type: FindingExplained.type })]);
    expect(ruled.run(explain(ruled))).toEqual([expect.objectContaining({ type: FindingExplained.type })]);
    expect(pending.state().explained).toBe(true);
  });

  it('refuses an explanation from anyone but the department itself: not the city above, not a town below', () => {
    const h = recorded();

    expect(h.refusal(explain(h, by(CITY)))).toBe('review.department-answers');
    expect(h.refusal(explain(h, by(TOWN)))).toBe('review.department-answers');
    expect(h.refusal(explain(h, by(OTHER_COUNTY)))).toBe('review.department-answers');
  });

  it('refuses an explanation of a dismissed finding, to the department and to anyone else in scope alike', () => {
    const h = recorded();
    h.run(rule(h, 'dismissed'));

    expect(h.refusal(explain(h))).toBe('review.finding-dismissed');
    expect(h.refusal(explain(h, by(CITY)))).toBe('review.finding-dismissed');
  });

  it('refuses an explanation while an appeal is being decided: the grounds are the explanation then', () => {
    const h = confirmed();
    h.run(appeal(h, new Date(CONFIRMED_AT.getTime() + DAY)));

    expect(h.refusal(explain(h))).toBe('review.appeal-pending');
  });
});

describe('appeal (申诉) and its decision', () => {
  it('lets the county appeal within the days allowed, up to the last moment, once', () => {
    const h = confirmed();
    const lastMoment = new Date(CONFIRMED_AT.getTime() + policy.appealDays * DAY);

    const events = h.run(appeal(h, lastMoment));

    expect(events).toEqual([
      expect.objectContaining({
        type: FindingAppealed.type,
        data: { findingId: 'finding-1', grounds: '快报已于时限内电话报告，系系统登记延迟。' },
      }),
    ]);
    expect(h.state().status).toBe('appealed');
    expect(h.refusal(appeal(h, lastMoment))).toBe('review.appeal-not-open');
  });

  it('refuses an appeal after the window closed', () => {
    const h = confirmed();

    expect(h.refusal(appeal(h, new Date(CONFIRMED_AT.getTime() + policy.appealDays * DAY + 1)))).toBe(
      'review.appeal-too-late',
    );
  });

  it('refuses an appeal by anyone but the department, and of a finding not confirmed', () => {
    const h = confirmed();
    const pending = recorded();
    const dismissed = recorded();
    dismissed.run(rule(dismissed, 'dismissed'));
    const soon = new Date(CONFIRMED_AT.getTime() + DAY);

    expect(h.refusal(appeal(h, soon, by(CITY)))).toBe('review.department-answers');
    expect(pending.refusal(appeal(pending, soon))).toBe('review.appeal-not-open');
    expect(dismissed.refusal(appeal(dismissed, soon))).toBe('review.appeal-not-open');
  });

  it('decides an appeal upheld: the finding stands confirmed, and cannot be appealed again', () => {
    const h = confirmed();
    h.run(appeal(h, new Date(CONFIRMED_AT.getTime() + DAY)));

    const events = h.run(decideAppeal(h, 'upheld'));

    expect(events).toEqual([
      expect.objectContaining({
        type: FindingAppealDecided.type,
        data: {
          findingId: 'finding-1',
          outcome: 'upheld',
          reason: '复核结论。',
          ruleSetVersion: 'review-rules@1',
        },
      }),
    ]);
    expect(h.state().status).toBe('confirmed');
    expect(h.refusal(appeal(h, new Date(CONFIRMED_AT.getTime() + 2 * DAY)))).toBe('review.appeal-not-open');
  });

  it('decides an appeal overturned: the finding is dismissed', () => {
    const h = confirmed();
    h.run(appeal(h, new Date(CONFIRMED_AT.getTime() + DAY)));

    h.run(decideAppeal(h, 'overturned'));

    expect(h.state().status).toBe('dismissed');
  });

  it('refuses deciding an appeal from the county itself, or when there is no appeal, or twice', () => {
    const h = confirmed();
    expect(h.refusal(decideAppeal(h, 'upheld'))).toBe('review.no-appeal');
    h.run(appeal(h, new Date(CONFIRMED_AT.getTime() + DAY)));

    expect(h.refusal(decideAppeal(h, 'overturned', by(COUNTY)))).toBe('review.ruled-from-above');
    h.run(decideAppeal(h, 'upheld'));
    expect(h.refusal(decideAppeal(h, 'overturned'))).toBe('review.no-appeal');
  });

  it('refuses ruling again over a pending appeal: the appeal’s decision is the ruling now', () => {
    const h = confirmed();
    h.run(appeal(h, new Date(CONFIRMED_AT.getTime() + DAY)));

    expect(h.refusal(rule(h, 'dismissed'))).toBe('review.finding-ruled');
  });
});
