import type { Grade, GradingCriterion, RecordedEvent } from '@yuqing/contracts';
import { sameGrade } from './grades';
import {
  evolveIncidentGrade,
  incidentFacts,
  initialIncidentGradeState,
  type IncidentGradeState,
} from './incident-grade.decider';
import { evaluateGrade, type EvidenceRef, type GradeEvaluation } from './rules/evaluate-grade';
import type { GradingRuleSet } from './rules/rule-set';

/** One incident's history as grading folds it: its grading stream and the facts it received, in order. */
export interface IncidentHistory {
  readonly incidentId: string;
  readonly events: readonly RecordedEvent[];
}

/** How an incident stands under one rule set. */
export interface GradeUnderRules {
  readonly grade?: Grade;
  readonly criteria: readonly GradingCriterion[];
  readonly evidence: readonly EvidenceRef[];
  readonly ruleSetVersion: string;
}

export interface WhatIfChange {
  readonly incidentId: string;
  /** What the rule set in use gives on the facts. */
  readonly current: GradeUnderRules;
  /** What the draft gives on the same facts; its criteria are the ones that would decide. */
  readonly wouldBe: GradeUnderRules;
  /** The grade the authority has put in force, for context (a what-if never changes it). */
  readonly gradeInForce?: Grade;
}

export interface WhatIfReport {
  readonly currentRuleSetVersion: string;
  readonly draftRuleSetVersion: string;
  /** How many incidents were replayed. */
  readonly examined: number;
  /** The incidents whose grade would differ, in the order given. */
  readonly changes: readonly WhatIfChange[];
}

/** Folds one incident's history from zero, as the service and an auditor do. */
export function replayIncident(events: readonly RecordedEvent[]): IncidentGradeState {
  return events.reduce(evolveIncidentGrade, initialIncidentGradeState());
}

/**
 * Replays incident histories (one, or all of a period) and grades each under the rule set in use and under a
 * draft, on the same facts: the authority's recorded decisions stand as they were (a draft cannot know what the
 * authority would have decided), so a difference is the rules' alone. Lists the incidents whose grade differs.
 * Nothing is appended: past decisions keep the version that made them.
 */
export function whatIf(
  histories: readonly IncidentHistory[],
  rules: { readonly current: GradingRuleSet; readonly draft: GradingRuleSet },
): WhatIfReport {
  const changes: WhatIfChange[] = [];
  for (const history of histories) {
    const state = replayIncident(history.events);
    const facts = { ...incidentFacts(state), incidentId: history.incidentId };
    const current = underRules(evaluateGrade(facts, rules.current), rules.current);
    const wouldBe = underRules(evaluateGrade(facts, rules.draft), rules.draft);
    if (sameGrade(current.grade, wouldBe.grade)) continue;
    changes.push({
      incidentId: history.incidentId,
      current,
      wouldBe,
      ...(state.inForce ? { gradeInForce: state.inForce.grade } : {}),
    });
  }
  return {
    currentRuleSetVersion: rules.current.version,
    draftRuleSetVersion: rules.draft.version,
    examined: histories.length,
    changes,
  };
}

function underRules(evaluation: GradeEvaluation | undefined, rules: GradingRuleSet): GradeUnderRules {
  if (!evaluation) return { criteria: [], evidence: [], ruleSetVersion: rules.version };
  return {
    grade: evaluation.grade,
    criteria: evaluation.criteria,
    evidence: evaluation.evidence,
    ruleSetVersion: evaluation.ruleSetVersion,
  };
}
