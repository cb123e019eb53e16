import {
  DomainRuleError,
  GradeConfirmed,
  GradeDowngraded,
  GradeEscalated,
  GradeOverridden,
  GradeProposed,
  IncidentCategorised,
  MergedIncidentGradeNoted,
  type Grade,
  type NewEvent,
} from '@yuqing/contracts';
import {
  decideIncidentGrade,
  type IncidentGradeCommand,
  type IncidentGradeState,
} from './incident-grade.decider';
import { DEFAULT_GRADING_RULES } from './rules/default-rule-set';
import { IncidentHistory } from './testing/incident-history.fixtures';

const L1: Grade = { level: 'level-1', exceptional: false };
const L2: Grade = { level: 'level-2', exceptional: false };
const L3: Grade = { level: 'level-3', exceptional: false };

const propose = (proposalId = 'prop-1'): IncidentGradeCommand => ({
  kind: 'propose',
  proposalId,
  ruleSet: DEFAULT_GRADING_RULES,
});

/** when: decides the command on the history's state. */
const when = (history: IncidentHistory, command: IncidentGradeCommand): NewEvent[] =>
  decideIncidentGrade(command, history.state());

/** then: the rule a refusal names. */
function refusal(state: IncidentGradeState, command: IncidentGradeCommand): string {
  try {
    decideIncidentGrade(command, state);
  } catch (error) {
    if (error instanceof DomainRuleError) return error.rule;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A 三级 incident in force: a city-forum complaint, proposed and confirmed. */
function level3InForce(): IncidentHistory {
  const history = new IncidentHistory('inc-3')
    .item('item-forum', {
      reachTier: 'city-site',
      outlet: '玉溪论坛',
      platform: 'forum',
      title: '公路养护站乱收费',
    })
    .heat(20, 0, '2026-03-02T09:00:00+08:00');
  history.record(when(history, propose('prop-1')));
  return history.record(when(history, { kind: 'confirm', proposalId: 'prop-1', grade: L3 }));
}

describe('proposing a grade (拟定级别, 第三条)', () => {
  it('proposes 一级 for an item carried by 人民网 (中央级媒体), citing the item and the rule version', () => {
    const history = new IncidentHistory().item('item-rmw', {
      reachTier: 'central-media',
      outlet: '人民网',
      title: '云南华宁：公路塌方多日无人管',
    });

    const events = when(history, propose());

    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('grading.GradeProposed');
    expect(GradeProposed.parse(events[0]!.data)).toMatchObject({
      incidentId: 'inc-1',
      proposalId: 'prop-1',
      grade: L1,
      criteria: ['central-media'],
      evidence: [{ kind: 'item', id: 'item-rmw' }],
      ruleSetVersion: 'grading-rules@2026-12',
    });
    // The item stands for the later of the events that captured it and joined it to the incident.
    expect(events[0]!.metadata).toEqual({ causationId: 'inc-1-e2', ruleVersion: 'grading-rules@2026-12' });
  });

  it('proposes 二级 for an item carried by 云南网 (省级新闻网站)', () => {
    const history = new IncidentHistory().item('item-ynw', {
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });

    const [event] = when(history, propose());

    expect(GradeProposed.parse(event!.data)).toMatchObject({
      grade: L2,
      criteria: ['provincial-portal'],
      evidence: [{ kind: 'item', id: 'item-ynw' }],
    });
  });

  it('proposes 三级 for an ordinary complaint on a city forum (市内网站的一般投诉)', () => {
    const history = new IncidentHistory().item('item-forum', {
      reachTier: 'city-site',
      outlet: '玉溪论坛',
      platform: 'forum',
      title: '投诉：公路养护站乱收费',
    });

    const [event] = when(history, propose());

    expect(GradeProposed.parse(event!.data)).toMatchObject({
      grade: L3,
      criteria: ['ordinary-complaint'],
      evidence: [{ kind: 'item', id: 'item-forum' }],
    });
  });

  it('proposes 二级 for a 三级 incident whose handling deadline passed and whose heat then rose, citing both', () => {
    const history = level3InForce()
      .overdue('handling-result', '2026-03-03T09:00:00+08:00', 'obl-direct')
      .heat(34, 20, '2026-03-03T15:00:00+08:00');
    const overdueId = history.events[history.events.length - 2]!.eventId;
    const heatId = history.last.eventId;
    const confirmedId = history.events.find((e) => e.type === 'grading.GradeConfirmed')!.eventId;

    const [event] = when(history, propose('prop-2'));

    const proposed = GradeProposed.parse(event!.data);
    expect(proposed).toMatchObject({ proposalId: 'prop-2', grade: L2, criteria: ['grew-from-level-3'] });
    expect(proposed.evidence).toEqual([
      { kind: 'event', id: overdueId },
      { kind: 'event', id: heatId },
      { kind: 'event', id: confirmedId },
    ]);
    expect(proposed.rationale).toContain('三级舆情处置不当升级');
    expect(event!.metadata).toEqual({ causationId: heatId, ruleVersion: 'grading-rules@2026-12' });
  });

  it('does not propose poor-handling escalation when the heat did not rise after the missed deadline', () => {
    const history = level3InForce()
      .heat(30, 20, '2026-03-03T08:00:00+08:00')
      .overdue('handling-result', '2026-03-03T09:00:00+08:00');

    expect(when(history, propose('prop-2'))).toEqual([]);
  });

  it('does not count a deadline missed under an earlier grade as poor handling under the current one', () => {
    const history = new IncidentHistory('inc-4')
      .item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' })
      .heat(20, 0, '2026-03-02T09:00:00+08:00')
      .overdue('handling-result', '2026-03-02T10:00:00+08:00');
    history.record(when(history, propose('prop-1')));
    history.record(when(history, { kind: 'confirm', proposalId: 'prop-1', grade: L3 }));
    history.heat(30, 20, '2026-03-02T12:00:00+08:00');

    expect(when(history, propose('prop-2'))).toEqual([]);
  });

  it('makes no proposal when the rules give the grade already proposed or in force', () => {
    const proposed = new IncidentHistory().item('item-ynw', {
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });
    proposed.record(when(proposed, propose('prop-1')));
    expect(when(proposed, propose('prop-2'))).toEqual([]);

    const confirmed = proposed.record(when(proposed, { kind: 'confirm', proposalId: 'prop-1', grade: L2 }));
    confirmed.item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' });
    expect(when(confirmed, propose('prop-2'))).toEqual([]);
  });

  it('supersedes an open proposal when a wider source arrives', () => {
    const history = new IncidentHistory().item('item-forum', {
      reachTier: 'city-site',
      outlet: '玉溪论坛',
      platform: 'forum',
    });
    history.record(when(history, propose('prop-1')));
    history.item('item-rmw', { reachTier: 'central-media', outlet: '人民网' });

    const [event] = when(history, propose('prop-2'));

    expect(GradeProposed.parse(event!.data)).toMatchObject({ proposalId: 'prop-2', grade: L1 });
    history.record([event!]);
    expect(refusal(history.state(), { kind: 'confirm', proposalId: 'prop-1', grade: L3 })).toBe(
      'grading.proposal-superseded',
    );
  });

  it('keeps an item dismissed as 伪舆情 out of the grade', () => {
    const history = new IncidentHistory()
      .item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' })
      .item('item-fake', { reachTier: 'national-portal', outlet: '某门户网站' })
      .dismissed('item-fake');

    const [event] = when(history, propose());

    expect(GradeProposed.parse(event!.data)).toMatchObject({ grade: L3, criteria: ['ordinary-complaint'] });
  });

  it('refuses to decide for an incident grading has not heard of', () => {
    expect(refusal(new IncidentHistory().state(), propose())).toBe('grading.incident-unknown');
  });
});

describe('confirming and overriding (第四条, 定级机关)', () => {
  const proposedL2 = () => {
    const history = new IncidentHistory().item('item-ynw', {
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });
    return history.record(when(history, propose('prop-1')));
  };

  it('confirms the open proposal, answering it', () => {
    const history = proposedL2();
    const proposalEventId = history.last.eventId;

    const events = when(history, { kind: 'confirm', proposalId: 'prop-1', grade: L2, note: '同意。' });

    expect(events).toHaveLength(1);
    expect(GradeConfirmed.parse(events[0]!.data)).toEqual({
      incidentId: 'inc-1',
      proposalId: 'prop-1',
      grade: L2,
      note: '同意。',
    });
    expect(events[0]!.metadata).toEqual({ causationId: proposalEventId });
    const state = history.record(events).state();
    expect(state.inForce).toMatchObject({ grade: L2, by: 'confirmed' });
    expect(state.openProposal).toBeUndefined();
  });

  it('refuses a confirmation with no open proposal (grading.no-open-proposal)', () => {
    const history = new IncidentHistory().item('item-ynw', {
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });
    expect(refusal(history.state(), { kind: 'confirm', proposalId: 'prop-1', grade: L2 })).toBe(
      'grading.no-open-proposal',
    );
    const confirmed = proposedL2();
    confirmed.record(when(confirmed, { kind: 'confirm', proposalId: 'prop-1', grade: L2 }));
    expect(refusal(confirmed.state(), { kind: 'confirm', proposalId: 'prop-1', grade: L2 })).toBe(
      'grading.no-open-proposal',
    );
  });

  it('refuses to confirm a grade other than the one proposed', () => {
    expect(refusal(proposedL2().state(), { kind: 'confirm', proposalId: 'prop-1', grade: L1 })).toBe(
      'grading.confirmation-differs-from-proposal',
    );
  });

  it('overrides the proposal with a different grade and the reason', () => {
    const events = when(proposedL2(), {
      kind: 'override',
      proposalId: 'prop-1',
      grade: L1,
      reason: '已有中央媒体记者来电核实，按一级处置。',
    });

    expect(GradeOverridden.parse(events[0]!.data)).toEqual({
      incidentId: 'inc-1',
      proposalId: 'prop-1',
      proposedGrade: L2,
      grade: L1,
      reason: '已有中央媒体记者来电核实，按一级处置。',
    });
  });

  it.each([
    [{ grade: L2, reason: '同意' }, 'grading.override-same-as-proposal'],
    [{ grade: L3, reason: '   ' }, 'grading.reason-required'],
  ])('refuses an override %j with %s', (change, rule) => {
    expect(refusal(proposedL2().state(), { kind: 'override', proposalId: 'prop-1', ...change })).toBe(rule);
  });
});

describe('escalating and downgrading (升级、降级)', () => {
  it('escalates a 三级 incident to 二级 when its handling deadline passed, citing the missed deadline', () => {
    const history = level3InForce().overdue('handling-result', '2026-03-03T09:00:00+08:00');
    const overdueId = history.last.eventId;

    const events = when(history, {
      kind: 'escalate',
      to: L2,
      trigger: 'grew-through-poor-handling',
      reason: '直办时限已过，网民二次发帖。',
      causes: [{ kind: 'event', id: overdueId }],
      ruleSetVersion: 'grading-rules@2026-12',
    });

    expect(GradeEscalated.parse(events[0]!.data)).toEqual({
      incidentId: 'inc-3',
      from: L3,
      to: L2,
      trigger: 'grew-through-poor-handling',
      reason: '直办时限已过，网民二次发帖。',
      evidence: [{ kind: 'event', id: overdueId }],
      ruleSetVersion: 'grading-rules@2026-12',
    });
    expect(events[0]!.metadata).toEqual({ causationId: overdueId, ruleVersion: 'grading-rules@2026-12' });
    expect(history.record(events).state().inForce).toMatchObject({ grade: L2, by: 'escalated' });
  });

  it('escalates a 一级 incident to 特别重大 when it has national attention', () => {
    const history = new IncidentHistory().item('item-rmw', { reachTier: 'central-media', outlet: '人民网' });
    history.record(when(history, propose('prop-1')));
    history.record(when(history, { kind: 'confirm', proposalId: 'prop-1', grade: L1 }));

    const [event] = when(history, {
      kind: 'escalate',
      to: { level: 'level-1', exceptional: true },
      trigger: 'wider-reach',
      reason: '新华网、央视网相继转载，已引起全国关注。',
      causes: [{ kind: 'item', id: 'item-rmw' }],
    });

    expect(GradeEscalated.parse(event!.data).to).toEqual({ level: 'level-1', exceptional: true });
  });

  it.each([
    [
      { to: L3, trigger: 'heat-rose', causes: [{ kind: 'item', id: 'item-forum' }] },
      'grading.escalation-must-raise',
    ],
    [{ to: L2, trigger: 'heat-rose', causes: [] }, 'grading.cause-required'],
    [
      { to: L2, trigger: 'grew-through-poor-handling', causes: [{ kind: 'item', id: 'item-forum' }] },
      'grading.poor-handling-needs-missed-deadline',
    ],
  ] as const)('refuses an escalation %j with %s', (change, rule) => {
    expect(
      refusal(level3InForce().state(), {
        kind: 'escalate',
        reason: '热度上升。',
        ...change,
        causes: [...change.causes],
      }),
    ).toBe(rule);
  });

  it('refuses to escalate an incident with no grade in force', () => {
    const history = new IncidentHistory().item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛' });
    expect(
      refusal(history.state(), {
        kind: 'escalate',
        to: L2,
        trigger: 'authority-decision',
        reason: '决定',
        causes: [],
      }),
    ).toBe('grading.no-grade-in-force');
  });

  it('downgrades with a reason, and refuses a downgrade that does not lower', () => {
    const history = new IncidentHistory().item('item-ynw', {
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });
    history.record(when(history, propose('prop-1')));
    history.record(when(history, { kind: 'confirm', proposalId: 'prop-1', grade: L2 }));

    const [event] = when(history, {
      kind: 'downgrade',
      to: L3,
      reason: '热度回落，诉求已解决。',
      causes: [],
    });
    expect(GradeDowngraded.parse(event!.data)).toEqual({
      incidentId: 'inc-1',
      from: L2,
      to: L3,
      reason: '热度回落，诉求已解决。',
      evidence: [],
    });
    expect(refusal(history.state(), { kind: 'downgrade', to: L1, reason: '不对', causes: [] })).toBe(
      'grading.downgrade-must-lower',
    );
    expect(refusal(history.state(), { kind: 'downgrade', to: L3, reason: '', causes: [] })).toBe(
      'grading.reason-required',
    );
  });

  it('does not put a downgraded incident back to the authority until something new arrives', () => {
    const history = new IncidentHistory().item('item-ynw', {
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });
    history.record(when(history, propose('prop-1')));
    history.record(when(history, { kind: 'confirm', proposalId: 'prop-1', grade: L2 }));
    history.record(
      when(history, { kind: 'downgrade', to: L3, reason: '经核实诉求已解决，热度回落。', causes: [] }),
    );

    expect(when(history, propose('prop-2'))).toEqual([]);

    history.item('item-yxrb', { reachTier: 'provincial-media', outlet: '云南日报' });
    const [event] = when(history, propose('prop-2'));
    expect(GradeProposed.parse(event!.data)).toMatchObject({
      grade: L2,
      criteria: ['provincial-media', 'provincial-portal'],
    });
  });
});

describe('categorising (分类)', () => {
  it('records the categories, main one first, once', () => {
    const history = new IncidentHistory().item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛' });
    const events = when(history, {
      kind: 'categorise',
      categories: ['livelihood', 'custom:road-maintenance'],
    });

    expect(IncidentCategorised.parse(events[0]!.data)).toEqual({
      incidentId: 'inc-1',
      categories: ['livelihood', 'custom:road-maintenance'],
    });
    history.record(events);
    expect(
      when(history, { kind: 'categorise', categories: ['livelihood', 'custom:road-maintenance'] }),
    ).toEqual([]);
    expect(refusal(history.state(), { kind: 'categorise', categories: ['livelihood', 'livelihood'] })).toBe(
      'grading.categories-repeat',
    );
  });

  it('proposes 二级 for a major livelihood demand needing city coordination (民生民利 with heat)', () => {
    const history = new IncidentHistory()
      .item('item-forum', {
        reachTier: 'city-site',
        outlet: '玉溪论坛',
        platform: 'forum',
        polarity: 'neutral',
      })
      .heat(42, 38, '2026-03-02T09:00:00+08:00');
    history.record(when(history, { kind: 'categorise', categories: ['livelihood'] }));
    const categorisedId = history.last.eventId;

    const [event] = when(history, propose());

    const proposed = GradeProposed.parse(event!.data);
    expect(proposed).toMatchObject({ grade: L2, criteria: ['major-livelihood-demand'] });
    expect(proposed.evidence).toContainEqual({ kind: 'event', id: categorisedId });
  });
});

describe('following corrections of clustering (合并, 拆分, 改归)', () => {
  /** The ingestion event that merged `inc-m` into the history's incident: the last one recorded. */
  const mergeEventOf = (history: IncidentHistory) =>
    history.events.filter((e) => e.type === 'ingestion.IncidentsMerged').at(-1)!.eventId;

  it('proposes for the survivor of a merge on the widest reach of all items: a 人民网 item makes a 三级 incident 一级', () => {
    // given a 三级 incident in force, and an incident with a 人民网 item merged into it (its capture recorded after)
    const history = level3InForce()
      .merged('inc-m', ['item-rmw'])
      .captured('item-rmw', { reachTier: 'central-media', outlet: '人民网' });

    // when the system proposes
    const [event] = when(history, propose('prop-2'));

    // then 一级, on the merged item (the survivor's proposal reflects every item it now has)
    expect(GradeProposed.parse(event!.data)).toMatchObject({
      proposalId: 'prop-2',
      grade: L1,
      criteria: ['central-media'],
      evidence: [{ kind: 'item', id: 'item-rmw' }],
    });
  });

  it('notes the merged incident’s grade in force once, and proposes at least that grade citing the merge', () => {
    // given a 三级 incident in force, and a merged incident the authority had set at 一级 (its items alone give 三级)
    const history = level3InForce()
      .merged('inc-m', ['item-bbs'])
      .captured('item-bbs', { reachTier: 'city-site', outlet: '宜良论坛', platform: 'forum' });
    const merge = mergeEventOf(history);
    const note = {
      kind: 'note-merged-grade' as const,
      mergedIncidentId: 'inc-m',
      grade: L1,
      gradedBy: 'overridden' as const,
      gradeEventId: 'inc-m-override',
      mergeEventId: merge,
    };

    // when the system notes it
    const noted = when(history, note);

    // then its history says so, caused by the merge; noting it again changes nothing
    expect(noted).toHaveLength(1);
    expect(MergedIncidentGradeNoted.parse(noted[0]!.data)).toEqual({
      incidentId: 'inc-3',
      mergedIncidentId: 'inc-m',
      grade: L1,
      gradedBy: 'overridden',
      gradeEventId: 'inc-m-override',
    });
    expect(noted[0]!.metadata).toEqual({ causationId: merge });
    history.record(noted);
    const noteId = history.last.eventId;
    expect(when(history, note)).toEqual([]);

    // and when the system proposes, the survivor does not silently lose the 一级: it is proposed, citing the note
    const [event] = when(history, propose('prop-2'));
    const proposed = GradeProposed.parse(event!.data);
    expect(proposed).toMatchObject({
      grade: L1,
      criteria: ['merged-incident'],
      evidence: [{ kind: 'event', id: noteId }],
    });
    expect(proposed.rationale).toContain('inc-m');
    expect(proposed.rationale).toContain('三级');
    // the grade in force stays until the authority confirms
    expect(history.record([event!]).state().inForce).toMatchObject({ grade: L3 });
  });

  it('no longer holds a merged incident’s grade once its items were split off again', () => {
    const history = new IncidentHistory('inc-s')
      .item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' })
      .merged('inc-m', ['item-bbs'])
      .captured('item-bbs', { reachTier: 'city-site', outlet: '宜良论坛', platform: 'forum' });
    history.record(
      when(history, {
        kind: 'note-merged-grade',
        mergedIncidentId: 'inc-m',
        grade: L2,
        gradedBy: 'confirmed',
        gradeEventId: 'inc-m-confirmed',
        mergeEventId: mergeEventOf(history),
      }),
    );
    history.split('inc-n', ['item-bbs']);

    const [event] = when(history, propose('prop-1'));

    expect(GradeProposed.parse(event!.data)).toMatchObject({ grade: L3, criteria: ['ordinary-complaint'] });
  });

  it('closes the grading of an incident merged into another: no proposal, the open one withdrawn, decisions refused', () => {
    // given an incident with an open proposal
    const history = new IncidentHistory('inc-m').item('item-ynw', {
      reachTier: 'provincial-portal',
      outlet: '云南网',
    });
    history.record(when(history, propose('prop-1')));

    // when it is merged into another
    history.mergedInto('inc-s', ['item-ynw']);

    // then nothing is proposed for it, nothing awaits the authority, and decisions on it are refused
    const state = history.state();
    expect(state.mergedInto).toMatchObject({ incidentId: 'inc-s' });
    expect(state.openProposal).toBeUndefined();
    expect(when(history, propose('prop-2'))).toEqual([]);
    expect(refusal(state, { kind: 'confirm', proposalId: 'prop-1', grade: L2 })).toBe(
      'grading.incident-merged',
    );
    expect(refusal(state, { kind: 'categorise', categories: ['livelihood'] })).toBe(
      'grading.incident-merged',
    );
  });

  it('grades an incident split off another on its own items', () => {
    // given a new incident split off inc-1 with a city-forum complaint (its capture recorded after the detection)
    const history = new IncidentHistory('inc-n')
      .splitOff('inc-1', ['item-forum'])
      .captured('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' });

    // when the system proposes
    const [event] = when(history, propose('prop-n1'));

    // then 三级 on that item
    expect(GradeProposed.parse(event!.data)).toMatchObject({
      incidentId: 'inc-n',
      grade: L3,
      evidence: [{ kind: 'item', id: 'item-forum' }],
    });
    expect(history.state().splitFrom).toBe('inc-1');
  });

  it('puts the lower grade of the remaining items to the authority after a split, keeping the grade in force', () => {
    // given a 一级 incident in force resting on a 人民网 item, with a city-forum complaint beside it
    const history = new IncidentHistory()
      .item('item-rmw', { reachTier: 'central-media', outlet: '人民网' })
      .item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' });
    history.record(when(history, propose('prop-1')));
    history.record(when(history, { kind: 'confirm', proposalId: 'prop-1', grade: L1 }));

    // when the 人民网 item is split off into another incident
    history.split('inc-2', ['item-rmw']);
    const splitId = history.last.eventId;
    const [event] = when(history, propose('prop-2'));

    // then 三级 is proposed on what remains, citing the split; the 一级 stays in force until the authority acts
    const proposed = GradeProposed.parse(event!.data);
    expect(proposed).toMatchObject({ grade: L3, criteria: ['ordinary-complaint'] });
    expect(proposed.evidence).toEqual([
      { kind: 'item', id: 'item-forum' },
      { kind: 'event', id: splitId },
    ]);
    expect(proposed.rationale).toContain('拆分');
    history.record([event!]);
    expect(history.state().inForce).toMatchObject({ grade: L1 });
    expect(when(history, propose('prop-3'))).toEqual([]);
  });

  it('moves an item like a one-item split into an existing incident: out of one, graded in the other', () => {
    // given two incidents: a 二级 one with a 云南网 item in force, and a 三级 one
    const source = new IncidentHistory('inc-a')
      .item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' })
      .item('item-ynw', { reachTier: 'provincial-portal', outlet: '云南网' });
    source.record(when(source, propose('prop-a1')));
    source.record(when(source, { kind: 'confirm', proposalId: 'prop-a1', grade: L2 }));
    const target = new IncidentHistory('inc-b').item('item-bbs', {
      reachTier: 'city-site',
      outlet: '宜良论坛',
      platform: 'forum',
    });
    target.record(when(target, propose('prop-b1')));

    // when a monitor moves the 云南网 item from the first to the second (改归)
    source.movedOut('item-ynw', 'inc-b');
    target
      .movedIn('item-ynw', 'inc-a')
      .captured('item-ynw', { reachTier: 'provincial-portal', outlet: '云南网' });

    // then the second is proposed 二级 on it, and the first is put 三级 to the authority (its 二级 stays in force)
    expect(GradeProposed.parse(when(target, propose('prop-b2'))[0]!.data)).toMatchObject({
      grade: L2,
      evidence: [{ kind: 'item', id: 'item-ynw' }],
    });
    expect(GradeProposed.parse(when(source, propose('prop-a2'))[0]!.data)).toMatchObject({ grade: L3 });
    expect(source.state().inForce).toMatchObject({ grade: L2 });
  });
});

describe('replaying (重放)', () => {
  it('rebuilds an identical state and decides nothing new when the same events are replayed from zero', () => {
    const history = level3InForce()
      .overdue('handling-result', '2026-03-03T09:00:00+08:00')
      .heat(34, 20, '2026-03-03T15:00:00+08:00');
    history.record(when(history, propose('prop-2')));

    const first = history.state();
    const again = history.state();

    expect(again).toEqual(first);
    expect(again.openProposal).toMatchObject({ proposalId: 'prop-2', grade: L2 });
    expect(decideIncidentGrade(propose('prop-3'), again)).toEqual([]);
  });

  it('counts a redelivered fact once', () => {
    const history = level3InForce().overdue('handling-result', '2026-03-03T09:00:00+08:00');
    const once = history.state();
    history.events.push(history.last);

    expect(history.state()).toEqual(once);
  });
});
