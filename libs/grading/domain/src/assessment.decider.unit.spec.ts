import {
  AssessmentConcluded,
  AssessmentConvened,
  DomainRuleError,
  EmergencyPlanActivated,
  HandlingPlanAdopted,
  SpecialTeamFormed,
  type EventData,
  type Grade,
} from '@yuqing/contracts';
import {
  decideAssessment,
  evolveAssessment,
  initialAssessmentState,
  type AssessmentCommand,
} from './assessment.decider';
import { decideIncidentGrade } from './incident-grade.decider';
import { DEFAULT_GRADING_RULES } from './rules/default-rule-set';
import { IncidentHistory } from './testing/incident-history.fixtures';

/** An incident graded (proposed and confirmed) from one source. */
function graded(source: Parameters<IncidentHistory['item']>[1]): IncidentHistory {
  const history = new IncidentHistory().item('item-1', source);
  history.record(
    decideIncidentGrade(
      { kind: 'propose', proposalId: 'prop-1', ruleSet: DEFAULT_GRADING_RULES },
      history.state(),
    ),
  );
  const grade = history.state().openProposal!.grade as Grade;
  return history.record(
    decideIncidentGrade({ kind: 'confirm', proposalId: 'prop-1', grade }, history.state()),
  );
}

const stateOf = (history: IncidentHistory) =>
  history.events.reduce(evolveAssessment, initialAssessmentState());
const when = (history: IncidentHistory, command: AssessmentCommand) =>
  decideAssessment(command, stateOf(history));

function refusal(history: IncidentHistory, command: AssessmentCommand): string {
  try {
    when(history, command);
  } catch (error) {
    if (error instanceof DomainRuleError) return error.rule;
    throw error;
  }
  throw new Error('expected a refusal');
}

const convene = (assessmentId = 'asm-1'): AssessmentCommand => ({
  kind: 'convene',
  assessmentId,
  participantOrgUnitIds: ['cn.yn.yx.hn.office', 'cn.yn.yx.party-committee'],
  scheduledFor: '2026-03-02T10:00:00+08:00',
});
const conclude: AssessmentCommand = {
  kind: 'conclude',
  assessmentId: 'asm-1',
  nature: '群众对公路塌方抢修进度不满，属民生诉求。',
  trend: 'rising',
  risks: ['中央媒体持续跟进报道', '网民聚集现场'],
  conclusion: '立即组织抢修，统一口径发布进展。',
};
const plan = (releaseApprover: 'special-team' | 'leading-group-office'): AssessmentCommand => ({
  kind: 'adopt-plan',
  planId: 'plan-1',
  summary: '抢修、通报、回应三同步。',
  measures: [{ description: '24小时内恢复单车道通行', responsibleOrgUnitId: 'cn.yn.yx.hn.maintenance' }],
  releaseApprover,
});

describe('assessment by level (研判, 第九至十一条)', () => {
  it('convenes a 一级 incident as a joint meeting with the upper committee, then a plan with a special team', () => {
    const history = graded({ reachTier: 'central-media', outlet: '人民网' });

    const [convened] = when(history, convene());
    expect(AssessmentConvened.parse(convened!.data)).toMatchObject({
      level: 'level-1',
      format: 'joint-meeting',
    });
    history.record([convened!]);
    history.record(when(history, conclude));
    expect(AssessmentConcluded.parse(history.last.data).risks).toHaveLength(2);

    expect(refusal(history, plan('special-team'))).toBe('grading.special-team-not-formed');
    const [team] = when(history, {
      kind: 'form-special-team',
      teamId: 'team-1',
      name: '华宁公路塌方舆情处置专班',
      leaderUserId: 'u-leader',
      memberUserIds: ['u-1', 'u-2'],
      memberOrgUnitIds: ['cn.yn.yx.hn.office'],
    });
    expect(SpecialTeamFormed.parse(team!.data).incidentId).toBe('inc-1');
    history.record([team!]);

    const [adopted] = when(history, plan('special-team'));
    expect(HandlingPlanAdopted.parse(adopted!.data)).toMatchObject({
      assessmentId: 'asm-1',
      releaseApprover: 'special-team',
    });
  });

  it('assesses a 二级 incident by the leading group with the department, and needs its conclusion for a plan', () => {
    const history = graded({ reachTier: 'provincial-portal', outlet: '云南网' });
    history.record(when(history, convene()));
    expect(AssessmentConvened.parse(history.last.data).format).toBe('leading-group-with-department');

    expect(refusal(history, plan('leading-group-office'))).toBe('grading.plan-needs-assessment');
    expect(refusal(history, { ...conclude, risks: [] } as AssessmentCommand)).toBe('grading.risks-required');
    history.record(when(history, conclude));
    expect(refusal(history, plan('special-team'))).toBe('grading.release-approver-mismatch');
    expect(HandlingPlanAdopted.parse(when(history, plan('leading-group-office'))[0]!.data).assessmentId).toBe(
      'asm-1',
    );
  });

  it('has the office notify the department of a 三级 incident, with no special team or emergency plan', () => {
    const history = graded({ reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' });

    expect(refusal(history, { ...convene(), format: 'joint-meeting' } as AssessmentCommand)).toBe(
      'grading.assessment-format-mismatch',
    );
    expect(AssessmentConvened.parse(when(history, convene())[0]!.data).format).toBe('office-notice');
    expect(
      refusal(history, {
        kind: 'activate-emergency-plan',
        emergencyPlanId: 'ep-road',
        emergencyPlanVersion: '2025',
        reason: '塌方',
      }),
    ).toBe('grading.emergency-plan-needs-level-1');
  });

  it('篇一二(三): 研判 is held 迅速 on the open proposal, recorded as such, before the grade is confirmed', () => {
    // given an incident proposed 一级 whose grade the authority has not yet confirmed
    const history = new IncidentHistory().item('item-1', { reachTier: 'central-media', outlet: '人民网' });
    history.record(
      decideIncidentGrade(
        { kind: 'propose', proposalId: 'prop-1', ruleSet: DEFAULT_GRADING_RULES },
        history.state(),
      ),
    );
    // when the leading group convenes and concludes
    history.record(when(history, convene()));
    // then both go by the proposed grade and say so
    expect(AssessmentConvened.parse(history.last.data)).toMatchObject({
      level: 'level-1',
      format: 'joint-meeting',
      gradeBasis: 'proposed',
      proposalId: 'prop-1',
    });
    history.record(when(history, conclude));
    expect(AssessmentConcluded.parse(history.last.data).gradeBasis).toBe('proposed');
    // and the plan's measures still wait for the confirmed grade
    expect(refusal(history, plan('special-team'))).toBe('grading.no-grade-in-force');
  });

  it('篇一二(三): an assessment by the grade in force records that basis', () => {
    const history = graded({ reachTier: 'provincial-portal', outlet: '云南网' });
    const convened = AssessmentConvened.parse(when(history, convene())[0]!.data);
    expect(convened.gradeBasis).toBe('in-force');
    expect(convened.proposalId).toBeUndefined();
  });

  it('篇一二(三): refuses assessment with neither a grade in force nor an open proposal', () => {
    const history = new IncidentHistory().item('item-1', { reachTier: 'central-media', outlet: '人民网' });
    expect(refusal(history, convene())).toBe('grading.no-grade-in-force');
  });

  it('第十七条: a 二级 incident may form a special team and activate the emergency plan by reference to 一级', () => {
    // given a confirmed 二级 incident
    const history = graded({ reachTier: 'provincial-portal', outlet: '云南网' });
    // when the special team is formed and the emergency plan activated
    const [team] = when(history, {
      kind: 'form-special-team',
      teamId: 'team-1',
      name: '华宁公路舆情处置专班',
      leaderUserId: 'u-leader',
      memberUserIds: ['u-1'],
      memberOrgUnitIds: ['cn.yn.yx.hn.office'],
    });
    const [activated] = when(history, {
      kind: 'activate-emergency-plan',
      emergencyPlanId: 'ep-road',
      emergencyPlanVersion: '2025',
      reason: '参照一级处置',
    });
    // then both are allowed and recorded as taken 参照一级
    expect(SpecialTeamFormed.parse(team!.data).byReferenceToLevel1).toBe(true);
    expect(EmergencyPlanActivated.parse(activated!.data).byReferenceToLevel1).toBe(true);
  });

  it('第十七条: a 一级 incident takes its measures as its own, not by reference', () => {
    const history = graded({ reachTier: 'central-media', outlet: '人民网' });
    const [activated] = when(history, {
      kind: 'activate-emergency-plan',
      emergencyPlanId: 'ep-road',
      emergencyPlanVersion: '2025',
      reason: '塌方',
    });
    expect(EmergencyPlanActivated.parse(activated!.data).byReferenceToLevel1).toBeUndefined();
  });

  it('第十七条: a 三级 incident gets no special team', () => {
    const history = graded({ reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' });
    expect(
      refusal(history, {
        kind: 'form-special-team',
        teamId: 'team-1',
        name: '专班',
        leaderUserId: 'u-leader',
        memberUserIds: [],
        memberOrgUnitIds: [],
      }),
    ).toBe('grading.special-team-needs-level-1');
  });
});

describe('三级 reply approval (网上回复稿审核, 第二十一条)', () => {
  const level3Plan = (extra: Partial<EventData<typeof HandlingPlanAdopted>>): AssessmentCommand => ({
    kind: 'adopt-plan',
    planId: 'plan-3',
    summary: '调查核实，限时办结，网上回复。',
    measures: [{ description: '核实并回复网民', responsibleOrgUnitId: 'cn.yn.yx.hn.maintenance' }],
    releaseApprover: 'department-supervising-leader',
    ...extra,
  });

  it('第二十一条: a 三级 reply may be approved by the city bureau department consulted, recorded as such', () => {
    // Given a 三级 incident
    const history = graded({ reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' });

    // When the plan has the reply approved by the city bureau's relevant department (商请市局有关部门)
    const [adopted] = when(
      history,
      level3Plan({ releaseApprover: 'city-bureau-department', releaseApproverOrgUnitId: 'cn.yn.yx.xcb' }),
    );

    // Then it is adopted, recording that department as the approver
    expect(HandlingPlanAdopted.parse(adopted!.data)).toMatchObject({
      releaseApprover: 'city-bureau-department',
      releaseApproverOrgUnitId: 'cn.yn.yx.xcb',
    });
    // the supervising leader still may, and the department consulted must be named
    expect(when(history, level3Plan({}))).toHaveLength(1);
    expect(refusal(history, level3Plan({ releaseApprover: 'city-bureau-department' }))).toBe(
      'grading.city-bureau-department-required',
    );
  });
});
