import { z } from 'zod';
import { defineCommand } from '../define';
import { evidence, id, text } from '../fields';
import { category, grade } from '../vocabulary';
import {
  AssessmentConcluded,
  AssessmentConvened,
  EmergencyPlanActivated,
  GenuinenessJudged,
  GradeEscalated,
  HandlingPlanAdopted,
  SpecialTeamFormed,
} from '../events/grading.events';

// Public grading commands: the grading authority's (定级机关) decisions.

export const ConfirmGrade = defineCommand({
  context: 'grading',
  name: 'ConfirmGrade',
  version: 1,
  description:
    'Confirm the proposed grade of an incident (确认定级, 第四条); the grade must equal the proposal.',
  payload: z.strictObject({
    incidentId: id('The incident.'),
    proposalId: id('The proposal being confirmed.'),
    grade,
    note: text('Remarks of the grading authority.', 2000).optional(),
  }),
});

const incidentId = id('The incident.');
const reason = text('Why (理由).', 2000);

export const OverrideGrade = defineCommand({
  context: 'grading',
  name: 'OverrideGrade',
  version: 1,
  description: 'Set a different grade than proposed (改定级别, 第四条), with the reason.',
  payload: z.strictObject({
    incidentId,
    proposalId: id('The proposal being answered.'),
    grade: grade.describe('The grade to set instead.'),
    reason,
  }),
});

export const EscalateGrade = defineCommand({
  context: 'grading',
  name: 'EscalateGrade',
  version: 1,
  description:
    'Escalate the grade in force (升级), naming what caused it, e.g. 因处置不当，导致发展态势进一步扩大.',
  payload: z.strictObject({
    incidentId,
    to: grade.describe('The more severe grade.'),
    trigger: GradeEscalated.schema.shape.trigger,
    reason,
    causes: evidence('Items and events the escalation rests on.'),
  }),
});

export const DowngradeGrade = defineCommand({
  context: 'grading',
  name: 'DowngradeGrade',
  version: 1,
  description: 'Downgrade the grade in force (降级), with the reason and what it rests on.',
  payload: z.strictObject({
    incidentId,
    to: grade.describe('The less severe grade.'),
    reason,
    causes: evidence('Items and events the downgrade rests on.'),
  }),
});

export const CategoriseIncident = defineCommand({
  context: 'grading',
  name: 'CategoriseIncident',
  version: 1,
  description: 'Categorise an incident (分类, 篇一 二(三)); the first category is the main one.',
  payload: z.strictObject({
    incidentId,
    categories: z.array(category).min(1).max(8).describe('Categories, main one first.'),
  }),
});

export const JudgeGenuineness = defineCommand({
  context: 'grading',
  name: 'JudgeGenuineness',
  version: 1,
  description:
    'Record whether an incident is genuine public opinion or 伪舆情, with the basis (篇二 四(四)1).',
  payload: z.strictObject({
    incidentId,
    verdict: GenuinenessJudged.schema.shape.verdict,
    basis: GenuinenessJudged.schema.shape.basis,
    evidence: evidence('Items and events the judgement rests on.', 50),
  }),
});

// Assessment (研判) by the level in force, 第九至十一条. The bodies are the events' fields without the ids the
// service assigns (assessment, plan, team) or takes from the path (incident, assessment), nor what the rule
// decides and records (the grade basis, a measure taken 参照一级).

export const ConveneAssessment = defineCommand({
  context: 'grading',
  name: 'ConveneAssessment',
  version: 1,
  description:
    'Convene an assessment (研判) in the form the grade requires (第九至十一条): the grade in force, or before one the open proposal (篇一二(三)).',
  payload: AssessmentConvened.schema
    .pick({ participantOrgUnitIds: true, scheduledFor: true })
    .extend({ incidentId, format: AssessmentConvened.schema.shape.format.optional() })
    .strict(),
});

export const ConcludeAssessment = defineCommand({
  context: 'grading',
  name: 'ConcludeAssessment',
  version: 1,
  description: 'Conclude an assessment (研判): the nature (定性), trend and risks of the incident.',
  payload: AssessmentConcluded.schema.omit({ gradeBasis: true }).strict(),
});

export const AdoptHandlingPlan = defineCommand({
  context: 'grading',
  name: 'AdoptHandlingPlan',
  version: 1,
  description: 'Adopt a handling plan (处置方案) for the incident, with who approves its releases.',
  payload: HandlingPlanAdopted.schema.omit({ planId: true }).strict(),
});

export const FormSpecialTeam = defineCommand({
  context: 'grading',
  name: 'FormSpecialTeam',
  version: 1,
  description:
    'Form a special team (处置专班) for a level-1 incident, or a level-2 one by reference (第十七条).',
  payload: SpecialTeamFormed.schema.omit({ teamId: true, byReferenceToLevel1: true }).strict(),
});

export const ActivateEmergencyPlan = defineCommand({
  context: 'grading',
  name: 'ActivateEmergencyPlan',
  version: 1,
  description: 'Activate an emergency plan (应急预案) for the incident.',
  payload: EmergencyPlanActivated.schema.omit({ byReferenceToLevel1: true }).strict(),
});

/** Every public grading command. */
export const gradingCommands = [
  ConfirmGrade,
  OverrideGrade,
  EscalateGrade,
  DowngradeGrade,
  CategoriseIncident,
  JudgeGenuineness,
  ConveneAssessment,
  ConcludeAssessment,
  AdoptHandlingPlan,
  FormSpecialTeam,
  ActivateEmergencyPlan,
] as const;
