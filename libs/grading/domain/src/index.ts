// Grading (定级, 第三、四条) and assessment (研判, 第九至十一条): pure rules and deciders, no I/O, time as data.

export { EXCEPTIONAL, gradeName, gradeOf, moreSevere, sameGrade } from './grades';

// Rule sets as data: the model, the parser for a deployment's file, the default from 第三条, and evaluation.
export {
  gradingRuleSetSchema,
  parseGradingRuleSet,
  parseGradingRuleSetJson,
  RULE_SET_VERSION_PATTERN,
  RuleSetError,
} from './rules/rule-set';
export type { GradingRuleSet, HeatRule, SourceRule } from './rules/rule-set';
export { DEFAULT_GRADING_RULES, defaultGradingRules, mainCitySites } from './rules/default-rule-set';
export { evaluateGrade } from './rules/evaluate-grade';
export type {
  CriterionMatch,
  EvidenceRef,
  GradeEvaluation,
  HeatReading,
  IncidentFacts,
  ItemFact,
  MissedDeadline,
} from './rules/evaluate-grade';

// The grade of an incident: propose, confirm, override, escalate, downgrade, categorise.
export {
  decideIncidentGrade,
  evolveIncidentGrade,
  gradeCarriedByMerge,
  incidentFacts,
  incidentGradeDecider,
  initialIncidentGradeState,
  unwrapFact,
} from './incident-grade.decider';
export type {
  EscalationTrigger,
  GradeInForce,
  IncidentGradeCommand,
  IncidentGradeState,
  MergedIncident,
  Proposal,
} from './incident-grade.decider';

// The facts of other contexts grading records in an incident's grading stream, and what of each it keeps.
export {
  GRADING_FACT_TYPES,
  incidentOfFact,
  itemsOfFact,
  joinsItems,
  receivedFactOf,
  recordedFactIds,
  recordFact,
  routeOfFact,
} from './received-facts';
export type { ForeignEvent } from './received-facts';

// What-if: replay histories under a draft rule set and list where the grade would differ.
export { replayIncident, whatIf } from './what-if';
export type { GradeUnderRules, IncidentHistory, WhatIfChange, WhatIfReport } from './what-if';

// Assessment by level.
export {
  ASSESSMENT_FORMAT,
  assessmentDecider,
  decideAssessment,
  evolveAssessment,
  initialAssessmentState,
  RELEASE_APPROVERS_BY_LEVEL,
} from './assessment.decider';
export type { Assessment, AssessmentCommand, AssessmentFormat, AssessmentState } from './assessment.decider';
