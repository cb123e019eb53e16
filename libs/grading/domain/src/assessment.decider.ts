import {
  AssessmentConcluded,
  AssessmentConvened,
  refuse,
  EmergencyPlanActivated,
  FactReceived,
  GradeConfirmed,
  GradeProposed,
  GradeDowngraded,
  GradeEscalated,
  GradeOverridden,
  HandlingPlanAdopted,
  SpecialTeamFormed,
  type EventData,
  type Grade,
  type GradeLevel,
  type NewEvent,
  type RecordedEvent,
  type ReleaseApprover,
  gradeInForce,
} from '@yuqing/contracts';
import { gradeName } from './grades';
import { unwrapFact } from './incident-grade.decider';

// Assessment (研判) by level, 第九至十一条: 一级 — the leading group and the upper party committee hold a joint
// meeting and draw up a handling plan (a special team may be formed, an emergency plan activated); 二级 — the
// leading group assesses with the department the nature, trend and risks, and draws up a plan; 三级 — the
// leading-group office notifies the department, which handles it and reports the result. Release approval follows
// the level (第二十一条). The state folds the same incident stream as the grade.
// 研判 is held 迅速 on receipt (篇一二(三)): with no grade in force yet it goes by the open proposal, and says so.
// 二级 may take the 一级 measures (special team, emergency plan) by reference (可参照一级舆情处置办法, 第十七条).

export type AssessmentFormat = EventData<typeof AssessmentConvened>['format'];

/** The form of assessment each level requires. */
export const ASSESSMENT_FORMAT: Readonly<Record<GradeLevel, AssessmentFormat>> = {
  'level-1': 'joint-meeting',
  'level-2': 'leading-group-with-department',
  'level-3': 'office-notice',
};

/** Who may approve releases at each level (第二十一条). */
export const RELEASE_APPROVERS_BY_LEVEL: Readonly<Record<GradeLevel, readonly ReleaseApprover[]>> = {
  'level-1': ['special-team', 'propaganda-department'],
  'level-2': ['leading-group-office'],
  // 第二十一条: 三级 replies are approved by the department's supervising leader, or the city bureau consulted.
  'level-3': ['department-supervising-leader', 'city-bureau-department'],
};

export interface Assessment {
  readonly assessmentId: string;
  readonly level: GradeLevel;
  readonly format: AssessmentFormat;
  readonly concluded: boolean;
}

export interface AssessmentState {
  readonly incidentId?: string;
  readonly grade?: Grade;
  /** The proposal awaiting the authority, while no later grade has answered it. */
  readonly openProposal?: { readonly proposalId: string; readonly grade: Grade };
  readonly assessments: readonly Assessment[];
  readonly planIds: readonly string[];
  readonly specialTeamId?: string;
  /** `<planId>@<version>` of each emergency plan activated. */
  readonly emergencyPlans: readonly string[];
}

export const initialAssessmentState = (): AssessmentState => ({
  assessments: [],
  planIds: [],
  emergencyPlans: [],
});

export type AssessmentCommand =
  | {
      readonly kind: 'convene';
      readonly assessmentId: string;
      /** When given, must be the form the level requires. */
      readonly format?: AssessmentFormat;
      readonly participantOrgUnitIds: readonly string[];
      readonly scheduledFor: string;
    }
  | ({ readonly kind: 'conclude' } & Omit<EventData<typeof AssessmentConcluded>, 'incidentId' | 'gradeBasis'>)
  | ({ readonly kind: 'adopt-plan' } & Omit<EventData<typeof HandlingPlanAdopted>, 'incidentId'>)
  | ({ readonly kind: 'form-special-team' } & Omit<
      EventData<typeof SpecialTeamFormed>,
      'incidentId' | 'byReferenceToLevel1'
    >)
  | ({ readonly kind: 'activate-emergency-plan' } & Omit<
      EventData<typeof EmergencyPlanActivated>,
      'incidentId' | 'byReferenceToLevel1'
    >);

export function evolveAssessment(state: AssessmentState, event: RecordedEvent): AssessmentState {
  // A fact recorded in the grading stream folds as the original event it keeps.
  if (event.type === FactReceived.type) return evolveAssessment(state, unwrapFact(event));
  const data = event.data as { incidentId?: string };
  const s = state.incidentId || !data.incidentId ? state : { ...state, incidentId: data.incidentId };
  switch (event.type) {
    case 'ingestion.IncidentDetected':
      return s;
    case GradeProposed.type: {
      const e = event.data as EventData<typeof GradeProposed>;
      return { ...s, openProposal: { proposalId: e.proposalId, grade: e.grade } };
    }
    case 'ingestion.IncidentMergedInto': {
      // Closed into another incident: its open proposal is withdrawn (as in the grade decider).
      const { openProposal: _withdrawn, ...rest } = s;
      return rest;
    }
    case GradeConfirmed.type:
    case GradeOverridden.type:
    case GradeEscalated.type:
    case GradeDowngraded.type: {
      // A grade in force answers (or supersedes) whatever proposal was open.
      const { openProposal: _answered, ...rest } = s;
      return { ...rest, grade: gradeInForce(event)!.grade };
    }
    case AssessmentConvened.type: {
      const e = event.data as EventData<typeof AssessmentConvened>;
      const assessment = { assessmentId: e.assessmentId, level: e.level, format: e.format, concluded: false };
      return { ...s, assessments: [...s.assessments, assessment] };
    }
    case AssessmentConcluded.type: {
      const id = (event.data as { assessmentId: string }).assessmentId;
      return {
        ...s,
        assessments: s.assessments.map((a) => (a.assessmentId === id ? { ...a, concluded: true } : a)),
      };
    }
    case HandlingPlanAdopted.type:
      return { ...s, planIds: [...s.planIds, (event.data as { planId: string }).planId] };
    case SpecialTeamFormed.type:
      return { ...s, specialTeamId: (event.data as { teamId: string }).teamId };
    case EmergencyPlanActivated.type: {
      const e = event.data as { emergencyPlanId: string; emergencyPlanVersion: string };
      return {
        ...s,
        emergencyPlans: [...s.emergencyPlans, `${e.emergencyPlanId}@${e.emergencyPlanVersion}`],
      };
    }
    default:
      return state;
  }
}

/** The grade an assessment goes by: the one in force, else the open proposal (研判 迅速, 篇一二(三)). */
function assessmentGrade(state: AssessmentState): {
  grade: Grade;
  gradeBasis: 'in-force' | 'proposed';
  proposalId?: string;
} {
  if (state.grade) return { grade: state.grade, gradeBasis: 'in-force' };
  if (state.openProposal) {
    return {
      grade: state.openProposal.grade,
      gradeBasis: 'proposed',
      proposalId: state.openProposal.proposalId,
    };
  }
  return refuse(
    'grading.no-grade-in-force',
    'assessment goes by a grade: there is neither a grade in force nor an open proposal',
  );
}

export function decideAssessment(command: AssessmentCommand, state: AssessmentState): NewEvent[] {
  const incidentId =
    state.incidentId ?? refuse('grading.incident-unknown', 'grading has not heard of this incident');
  if (command.kind === 'convene' || command.kind === 'conclude')
    return decideAssessing(command, state, incidentId);
  const grade =
    state.grade ??
    refuse(
      'grading.no-grade-in-force',
      'the plan and its measures follow the grade: confirm the grade first',
    );
  const level = grade.level;
  switch (command.kind) {
    case 'adopt-plan': {
      const { kind: _kind, ...data } = command;
      if (state.planIds.includes(command.planId))
        refuse('grading.plan-id-taken', `plan ${command.planId} exists`);
      if (!RELEASE_APPROVERS_BY_LEVEL[level].includes(command.releaseApprover)) {
        refuse(
          'grading.release-approver-mismatch',
          `releases of a ${gradeName(grade)} incident are approved by ${RELEASE_APPROVERS_BY_LEVEL[level].join(' or ')} (第二十一条)`,
        );
      }
      // 商请市局有关部门: the plan records which department of the city bureau approves (第二十一条).
      if (command.releaseApprover === 'city-bureau-department' && !command.releaseApproverOrgUnitId) {
        refuse(
          'grading.city-bureau-department-required',
          'name the city bureau department consulted (商请市局有关部门) that approves the reply (第二十一条)',
        );
      }
      if (command.releaseApprover === 'special-team' && !state.specialTeamId) {
        refuse(
          'grading.special-team-not-formed',
          'form the special team (处置专班) before it approves releases',
        );
      }
      if (level !== 'level-3') {
        const assessed = state.assessments.filter((a) => a.level === level && a.concluded);
        const basis = command.assessmentId
          ? assessed.find((a) => a.assessmentId === command.assessmentId)
          : assessed[assessed.length - 1];
        if (!basis) {
          refuse(
            'grading.plan-needs-assessment',
            `a ${gradeName(grade)} handling plan comes from a concluded ${ASSESSMENT_FORMAT[level]} assessment`,
          );
        }
        return [HandlingPlanAdopted.create({ ...data, incidentId, assessmentId: basis.assessmentId })];
      }
      return [HandlingPlanAdopted.create({ ...data, incidentId })];
    }
    case 'form-special-team': {
      const { kind: _kind, ...data } = command;
      if (level === 'level-3') {
        refuse(
          'grading.special-team-needs-level-1',
          `a special team (处置专班) is for 一级 (二级 by reference, 第十七条), not ${gradeName(grade)}`,
        );
      }
      if (state.specialTeamId)
        refuse('grading.special-team-exists', `team ${state.specialTeamId} is already formed`);
      return [SpecialTeamFormed.create({ ...data, incidentId, ...byReference(level) })];
    }
    case 'activate-emergency-plan': {
      const { kind: _kind, ...data } = command;
      if (level === 'level-3') {
        refuse(
          'grading.emergency-plan-needs-level-1',
          `an emergency plan is activated for 一级 (二级 by reference, 第十七条), not ${gradeName(grade)}`,
        );
      }
      if (state.emergencyPlans.includes(`${command.emergencyPlanId}@${command.emergencyPlanVersion}`))
        return [];
      return [EmergencyPlanActivated.create({ ...data, incidentId, ...byReference(level) })];
    }
  }
}

/** A 一级 measure taken for a 二级 incident is recorded as taken by reference (参照一级, 第十七条). */
const byReference = (level: GradeLevel): { byReferenceToLevel1?: true } =>
  level === 'level-2' ? { byReferenceToLevel1: true } : {};

/** Convening and concluding an assessment: by the grade in force, or before it by the open proposal. */
function decideAssessing(
  command: Extract<AssessmentCommand, { kind: 'convene' | 'conclude' }>,
  state: AssessmentState,
  incidentId: string,
): NewEvent[] {
  const { grade, gradeBasis, proposalId } = assessmentGrade(state);
  const level = grade.level;
  switch (command.kind) {
    case 'convene': {
      const format = ASSESSMENT_FORMAT[level];
      if (command.format && command.format !== format) {
        refuse(
          'grading.assessment-format-mismatch',
          `a ${gradeName(grade)} incident is assessed by ${format}, not ${command.format} (第九至十一条)`,
        );
      }
      if (state.assessments.some((a) => a.assessmentId === command.assessmentId)) {
        refuse('grading.assessment-id-taken', `assessment ${command.assessmentId} already exists`);
      }
      if (state.assessments.some((a) => !a.concluded)) {
        refuse('grading.assessment-already-open', 'an assessment of this incident is still open');
      }
      if (level !== 'level-3' && command.participantOrgUnitIds.length === 0) {
        refuse(
          'grading.participants-required',
          'name the org units taking part (领导小组, 涉事部门, 上级党委)',
        );
      }
      return [
        AssessmentConvened.create({
          assessmentId: command.assessmentId,
          incidentId,
          level,
          format,
          participantOrgUnitIds: [...command.participantOrgUnitIds],
          scheduledFor: command.scheduledFor,
          gradeBasis,
          ...(proposalId ? { proposalId } : {}),
        }),
      ];
    }
    case 'conclude': {
      const { kind: _kind, ...data } = command;
      const open = state.assessments.find((a) => a.assessmentId === command.assessmentId && !a.concluded);
      if (!open) refuse('grading.assessment-not-open', `assessment ${command.assessmentId} is not open`);
      if (open.level !== 'level-3' && command.risks.length === 0) {
        refuse('grading.risks-required', '一级、二级 assessment names the risks (可能出现的风险, 第十条)');
      }
      return [AssessmentConcluded.create({ ...data, incidentId, gradeBasis })];
    }
  }
}

/** The decider as the event store's command handling takes it. */
export const assessmentDecider = {
  initialState: initialAssessmentState,
  evolve: evolveAssessment,
  decide: decideAssessment,
};
