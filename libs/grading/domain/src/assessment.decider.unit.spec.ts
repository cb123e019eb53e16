import {
  AssessmentConcluded,
  AssessmentConvened,
  DomainRuleError,
  HandlingPlanAdopted,
  SpecialTeamFormed,
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

  it('refuses assessment before the grade is confirmed', () => {
    const history = new IncidentHistory().item('item-1', { reachTier: 'central-media', outlet: '人民网' });
    expect(refusal(history, convene())).toBe('grading.no-grade-in-force');
  });
});
