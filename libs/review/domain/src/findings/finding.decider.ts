import {
  FindingAppealDecided,
  FindingAppealed,
  FindingConfirmed,
  FindingDismissed,
  FindingExplained,
  FindingRecorded,
  NotFoundError,
  NotPermittedError,
  refuse,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import type { FindingDraft } from '../detection/detector';
import { above, within } from '../facts';
import type { FindingPolicy } from './finding.policy';

// One finding: recorded by a detector, explained by its department, ruled by the reviewers of a unit above it
// (第二十九条: the city's network office with the bureau's departments), appealed within the policy's days, and
// the appeal decided. Nothing here reads a clock: `now` comes with the command.

export type FindingStatus = 'none' | 'pending' | 'confirmed' | 'dismissed' | 'appealed';

export interface FindingState {
  readonly status: FindingStatus;
  readonly findingId?: string;
  readonly responsibleOrgUnitId?: string;
  readonly appealBy?: string | undefined;
  readonly explained: boolean;
}

/** Who rules or answers: the outermost units where they hold the permission the route asked for. */
export interface Ruler {
  readonly scope: readonly string[];
}

export type FindingCommand =
  | { readonly kind: 'record'; readonly findingId: string; readonly draft: FindingDraft }
  | { readonly kind: 'explain'; readonly findingId: string; readonly explanation: string; readonly by: Ruler }
  | {
      readonly kind: 'rule';
      readonly findingId: string;
      readonly outcome: 'confirmed' | 'dismissed';
      readonly reason: string;
      readonly by: Ruler;
      readonly now: Date;
      readonly policy: FindingPolicy;
    }
  | {
      readonly kind: 'appeal';
      readonly findingId: string;
      readonly grounds: string;
      readonly by: Ruler;
      readonly now: Date;
    }
  | {
      readonly kind: 'decide-appeal';
      readonly findingId: string;
      readonly outcome: 'upheld' | 'overturned';
      readonly reason: string;
      readonly by: Ruler;
      readonly policy: FindingPolicy;
    };

export function initialFindingState(): FindingState {
  return { status: 'none', explained: false };
}

export function evolveFinding(
  state: FindingState,
  event: { readonly type: string; readonly data: unknown },
): FindingState {
  switch (event.type) {
    case FindingRecorded.type: {
      const d = event.data as EventData<typeof FindingRecorded>;
      return {
        ...state,
        status: 'pending',
        findingId: d.findingId,
        responsibleOrgUnitId: d.responsibleOrgUnitId,
      };
    }
    case FindingExplained.type:
      return { ...state, explained: true };
    case FindingConfirmed.type:
      return {
        ...state,
        status: 'confirmed',
        appealBy: (event.data as EventData<typeof FindingConfirmed>).appealBy,
      };
    case FindingDismissed.type:
      return { ...state, status: 'dismissed' };
    case FindingAppealed.type:
      // One appeal per finding: the window closes with it.
      return { ...state, status: 'appealed', appealBy: undefined };
    case FindingAppealDecided.type:
      return {
        ...state,
        status:
          (event.data as EventData<typeof FindingAppealDecided>).outcome === 'upheld'
            ? 'confirmed'
            : 'dismissed',
      };
    default:
      return state;
  }
}

/** 第二十九条: a unit does not rule on itself; the reviewers sit above the department. */
function mustRuleFromAbove(state: FindingState, by: Ruler): void {
  const unit = state.responsibleOrgUnitId!;
  if (!by.scope.some((upper) => above(upper, unit)))
    throw new NotPermittedError(
      'review.ruled-from-above',
      `findings of ${unit} are ruled by the reviewers of a unit above it (第二十九条), not by the unit itself`,
    );
}

/** Explanations and appeals are the department's own: a unit above speaks through its rulings. */
function mustBeTheDepartment(state: FindingState, by: Ruler): void {
  const unit = state.responsibleOrgUnitId!;
  if (!by.scope.some((own) => within(unit, own) && !above(own, unit)))
    throw new NotPermittedError(
      'review.department-answers',
      `only ${unit} itself explains or appeals its findings`,
    );
}

export function decideFinding(command: FindingCommand, state: FindingState): NewEvent[] {
  if (command.kind === 'record') {
    if (state.status !== 'none') return []; // found again on a redelivery or a replay: recorded once
    return [FindingRecorded.create({ findingId: command.findingId, ...command.draft })];
  }
  if (state.status === 'none') throw new NotFoundError(`finding ${command.findingId} not found`);
  switch (command.kind) {
    // What the finding's state refuses comes before who may act: the answer is the same for everyone in scope.
    case 'explain':
      if (state.status === 'dismissed')
        refuse(
          'review.finding-dismissed',
          `finding ${command.findingId} was dismissed: there is nothing to explain`,
        );
      if (state.status === 'appealed')
        refuse('review.appeal-pending', 'the appeal is being decided: its grounds are the explanation now');
      mustBeTheDepartment(state, command.by);
      return [FindingExplained.create({ findingId: command.findingId, explanation: command.explanation })];
    case 'rule': {
      if (state.status !== 'pending')
        refuse('review.finding-ruled', `finding ${command.findingId} is ruled already (${state.status})`);
      mustRuleFromAbove(state, command.by);
      if (command.outcome === 'dismissed')
        return [
          FindingDismissed.create({
            findingId: command.findingId,
            reason: command.reason,
            ruleSetVersion: command.policy.version,
          }),
        ];
      const appealBy = new Date(command.now.getTime() + command.policy.appealDays * 86_400_000).toISOString();
      return [
        FindingConfirmed.create({
          findingId: command.findingId,
          reason: command.reason,
          appealBy,
          ruleSetVersion: command.policy.version,
        }),
      ];
    }
    case 'appeal':
      if (state.status !== 'confirmed' || !state.appealBy)
        refuse('review.appeal-not-open', 'only a confirmed finding can be appealed, once');
      mustBeTheDepartment(state, command.by);
      if (command.now.getTime() > Date.parse(state.appealBy))
        refuse('review.appeal-too-late', `the time to appeal ended at ${state.appealBy}`);
      return [FindingAppealed.create({ findingId: command.findingId, grounds: command.grounds })];
    case 'decide-appeal':
      if (state.status !== 'appealed')
        refuse('review.no-appeal', `finding ${command.findingId} has no appeal to decide`);
      mustRuleFromAbove(state, command.by);
      return [
        FindingAppealDecided.create({
          findingId: command.findingId,
          outcome: command.outcome,
          reason: command.reason,
          ruleSetVersion: command.policy.version,
        }),
      ];
  }
}

/** The decider the handlers run (load, decide, append). */
export const findingDecider = {
  initialState: initialFindingState,
  evolve: evolveFinding,
  decide: decideFinding,
};
