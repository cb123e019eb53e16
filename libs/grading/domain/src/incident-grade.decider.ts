import {
  optional,
  refuse,
  FactReceived,
  GenuinenessJudged,
  GradeConfirmed,
  GradeDowngraded,
  GradeEscalated,
  GradeOverridden,
  GradeProposed,
  IncidentCategorised,
  MergedIncidentGradeNoted,
  type Category,
  type EventData,
  type Grade,
  type GradingCriterion,
  type NewEvent,
  type Platform,
  type ReachTier,
  type RecordedEvent,
  type ReportKind,
} from '@yuqing/contracts';
import { gradeName, moreSevere, sameGrade } from './grades';
import {
  evaluateGrade,
  type EvidenceRef,
  type GradeEvaluation,
  type HeatReading,
  type IncidentFacts,
  type ItemFact,
  type MissedDeadline,
} from './rules/evaluate-grade';
import type { GradingRuleSet } from './rules/rule-set';

// The grade of one incident (定级, 第三、四条): the system proposes, the grading authority (定级机关) confirms or
// overrides; escalation and downgrade are new decisions with reasons and causes, never edits. The state folds the
// incident's grading stream together with the facts grading reacts to (items and their reach, heat, missed
// deadlines) in the order grading received them. A monitor's corrections of clustering (改归, 合并, 拆分) move
// items in and out: a merged-away incident is closed for grading; the one that remains grades on every item and
// does not silently lose the grade the merged one had in force; items that left take their weight with them.

/** An open or answered proposal. */
export interface Proposal {
  readonly proposalId: string;
  readonly grade: Grade;
  readonly criteria: readonly GradingCriterion[];
  readonly evidence: readonly EvidenceRef[];
  readonly ruleSetVersion: string;
  readonly eventId: string;
}

/** The grade the authority put in force, how, and the event that did it. */
export interface GradeInForce {
  readonly grade: Grade;
  readonly by: 'confirmed' | 'overridden' | 'escalated' | 'downgraded';
  readonly eventId: string;
  /** Position in the fold when it came into force: deadlines missed after it count as poor handling under it. */
  readonly since: number;
}

interface CapturedItem extends ItemFact {
  readonly eventId: string;
  /** Position in the fold. */
  readonly at: number;
}

interface Member {
  readonly itemId: string;
  /** Position in the fold when it joined the incident. */
  readonly at: number;
}

/** An incident merged into this one (合并), as grading heard of it. */
export interface MergedIncident {
  readonly mergedIncidentId: string;
  /** The items that came with it (IncidentsMerged; empty until that fact arrives). */
  readonly itemIds: readonly string[];
  /** Its grade in force when merged, once noted (MergedIncidentGradeNoted), and the decision that set it there. */
  readonly grade?: Grade;
  readonly gradedBy?: GradeInForce['by'];
  readonly gradeEventId?: string;
  /** The MergedIncidentGradeNoted event: what a proposal at that grade cites. */
  readonly notedEventId?: string;
}

export interface IncidentGradeState {
  /** Events folded so far (a position, not a version: the facts come from other streams too). */
  readonly seen: number;
  readonly incidentId?: string;
  /** Items captured (from any stream) that grading has heard of, by the order it heard of them. */
  readonly captured: readonly CapturedItem[];
  /** Items attached to this incident (detected with it or attached later). */
  readonly members: readonly Member[];
  /** Items a monitor dismissed (伪舆情, outside the jurisdiction, …): they no longer grade. */
  readonly dismissedItemIds: readonly string[];
  readonly heat: readonly HeatReading[];
  readonly missedDeadlines: readonly (MissedDeadline & { readonly at: number })[];
  readonly categories: readonly Category[];
  readonly categorisedBy?: string;
  readonly inForce?: GradeInForce;
  readonly openProposal?: Proposal;
  /** Every proposal made, oldest first. */
  readonly proposals: readonly Proposal[];
  /** Ids of the events folded, so a redelivered fact is not counted twice. */
  readonly eventIds: readonly string[];
  /** The latest genuine/伪舆情 judgement and the event that recorded it. */
  readonly genuineness?: { readonly verdict: 'genuine' | 'fabricated'; readonly eventId: string };
  /** Incidents merged into this one (合并). */
  readonly merged: readonly MergedIncident[];
  /** Set when this incident was merged into another (IncidentMergedInto): its grading is closed. */
  readonly mergedInto?: { readonly incidentId: string; readonly eventId: string };
  /** The incident this one was split off (拆分), if it was. */
  readonly splitFrom?: string;
  /** The last time items left this incident (moved out, split off): position in the fold and the fact. */
  readonly lastDeparture?: { readonly at: number; readonly eventId: string };
}

export const initialIncidentGradeState = (): IncidentGradeState => ({
  seen: 0,
  captured: [],
  members: [],
  dismissedItemIds: [],
  heat: [],
  missedDeadlines: [],
  categories: [],
  proposals: [],
  eventIds: [],
  merged: [],
});

export type EscalationTrigger = EventData<typeof GradeEscalated>['trigger'];

export type IncidentGradeCommand =
  | {
      /** The system (grading service) evaluates the facts and proposes when the grade would change. */
      readonly kind: 'propose';
      readonly proposalId: string;
      readonly ruleSet: GradingRuleSet;
    }
  | {
      readonly kind: 'confirm';
      readonly proposalId: string;
      /** Must equal the proposal's grade: the authority confirms what it saw. */
      readonly grade: Grade;
      readonly note?: string;
    }
  | {
      readonly kind: 'override';
      readonly proposalId: string;
      readonly grade: Grade;
      readonly reason: string;
    }
  | {
      readonly kind: 'escalate';
      readonly to: Grade;
      readonly trigger: EscalationTrigger;
      readonly reason: string;
      readonly causes: readonly EvidenceRef[];
      readonly ruleSetVersion?: string;
    }
  | {
      readonly kind: 'downgrade';
      readonly to: Grade;
      readonly reason: string;
      readonly causes: readonly EvidenceRef[];
      readonly ruleSetVersion?: string;
    }
  | { readonly kind: 'categorise'; readonly categories: readonly Category[] }
  | {
      readonly kind: 'judge-genuineness';
      readonly verdict: 'genuine' | 'fabricated';
      readonly basis: string;
      readonly evidence: readonly EvidenceRef[];
    }
  | {
      /**
       * The system: an incident merged into this one had a grade in force (or carried one from its own merges);
       * it is noted once, so this incident's proposals do not go below it without citing it.
       */
      readonly kind: 'note-merged-grade';
      readonly mergedIncidentId: string;
      readonly grade: Grade;
      readonly gradedBy: GradeInForce['by'];
      readonly gradeEventId: string;
      /** The ingestion event that told of the merge (IncidentsMerged or IncidentMergedInto): the causation. */
      readonly mergeEventId: string;
    };

/** The facts the rules read, from the folded state. */
export function incidentFacts(state: IncidentGradeState): IncidentFacts {
  const members = new Set(state.members.map((m) => m.itemId));
  const dismissed = new Set(state.dismissedItemIds);
  const items = state.captured
    .filter((i) => members.has(i.itemId) && !dismissed.has(i.itemId))
    .map(({ eventId: _eventId, at: _at, ...item }) => item);
  const since = state.inForce?.since ?? Number.POSITIVE_INFINITY;
  return {
    incidentId: state.incidentId ?? '',
    items,
    heat: state.heat,
    categories: state.categories,
    ...(state.categorisedBy ? { categorisedBy: state.categorisedBy } : {}),
    ...(state.inForce
      ? { gradeInForce: { grade: state.inForce.grade, eventId: state.inForce.eventId } }
      : {}),
    missedDeadlines: state.missedDeadlines
      .filter((m) => m.at > since)
      .map(({ at: _at, ...missed }) => missed),
  };
}

export function evolveIncidentGrade(state: IncidentGradeState, event: RecordedEvent): IncidentGradeState {
  // A fact recorded in the grading stream folds as the original event it keeps, under that event's id.
  if (event.type === FactReceived.type) return evolveIncidentGrade(state, unwrapFact(event));
  if (state.eventIds.includes(event.eventId)) return state;
  const next = applyEvent(state, event);
  if (next === state) return state;
  return { ...next, seen: state.seen + 1, eventIds: [...state.eventIds, event.eventId] };
}

/** The original event a FactReceived keeps, as the rules read it (its id cited as evidence and causation). */
export function unwrapFact(event: RecordedEvent): RecordedEvent {
  const { fact } = event.data as EventData<typeof FactReceived>;
  return {
    ...event,
    eventId: fact.eventId,
    type: fact.type,
    schemaVersion: fact.schemaVersion,
    data: fact.data,
  };
}

/** Payload fields this module reads from the events of other contexts. */
interface ForeignData {
  readonly incidentId?: string;
  readonly itemId?: string;
  readonly itemIds?: readonly string[];
}

function applyEvent(state: IncidentGradeState, event: RecordedEvent): IncidentGradeState {
  const position = state.seen + 1;
  const data = event.data as ForeignData;
  const withIncident = (s: IncidentGradeState): IncidentGradeState =>
    s.incidentId || !data.incidentId ? s : { ...s, incidentId: data.incidentId };
  switch (event.type) {
    case 'ingestion.IncidentDetected': {
      const splitFrom = (event.data as { splitFromIncidentId?: string }).splitFromIncidentId;
      return withIncident({
        ...state,
        members: join(state.members, data.itemIds ?? [], position),
        ...(splitFrom && !state.splitFrom ? { splitFrom } : {}),
      });
    }
    case 'ingestion.ItemAttachedToIncident':
      return withIncident({ ...state, members: join(state.members, [data.itemId!], position) });
    case 'ingestion.ItemDetachedFromIncident':
    case 'ingestion.IncidentSplit':
      return withIncident(depart(state, data.itemIds ?? [data.itemId!], position, event.eventId));
    case 'ingestion.IncidentsMerged': {
      const e = event.data as { mergedIncidentId: string; itemIds: readonly string[] };
      return withIncident({
        ...state,
        members: join(state.members, e.itemIds, position),
        merged: withMerged(state.merged, e.mergedIncidentId, (m) => ({ ...m, itemIds: e.itemIds })),
      });
    }
    case 'ingestion.IncidentMergedInto': {
      // Closed: its items, heat and history go on in the other incident; an open proposal is answered by none.
      const e = event.data as { intoIncidentId: string };
      const { openProposal: _closed, ...rest } = state;
      return withIncident({
        ...rest,
        members: [],
        mergedInto: { incidentId: e.intoIncidentId, eventId: event.eventId },
      });
    }
    case MergedIncidentGradeNoted.type: {
      const e = event.data as EventData<typeof MergedIncidentGradeNoted>;
      return withIncident({
        ...state,
        merged: withMerged(state.merged, e.mergedIncidentId, (m) => ({
          ...m,
          grade: e.grade,
          gradedBy: e.gradedBy,
          gradeEventId: e.gradeEventId,
          notedEventId: event.eventId,
        })),
      });
    }
    case 'ingestion.ItemCaptured': {
      const e = event.data as {
        itemId: string;
        reachTier: ReachTier;
        outlet: string;
        platform: Platform;
        sentiment?: { polarity: 'negative' | 'neutral' | 'positive' };
      };
      if (state.captured.some((i) => i.itemId === e.itemId)) return state;
      const item: CapturedItem = {
        itemId: e.itemId,
        reachTier: e.reachTier,
        outlet: e.outlet,
        platform: e.platform,
        ...(e.sentiment ? { sentiment: e.sentiment.polarity } : {}),
        eventId: event.eventId,
        at: position,
      };
      return { ...state, captured: [...state.captured, item] };
    }
    case 'ingestion.ItemDismissed':
      return { ...state, dismissedItemIds: addAll(state.dismissedItemIds, [data.itemId!]) };
    case 'ingestion.IncidentHeatChanged': {
      const e = event.data as { heatIndex: number; previousHeatIndex: number; measuredAt: string };
      const reading: HeatReading = {
        eventId: event.eventId,
        heatIndex: e.heatIndex,
        previousHeatIndex: e.previousHeatIndex,
        measuredAt: e.measuredAt,
      };
      return withIncident({ ...state, heat: [...state.heat, reading] });
    }
    case 'reporting.ReportOverdue': {
      const e = event.data as { obligationId: string; kind: ReportKind; dueAt: string };
      const missed = { eventId: event.eventId, obligationId: e.obligationId, kind: e.kind, dueAt: e.dueAt };
      return withIncident({
        ...state,
        missedDeadlines: [...state.missedDeadlines, { ...missed, at: position }],
      });
    }
    case GradeProposed.type: {
      const e = event.data as EventData<typeof GradeProposed>;
      const proposal: Proposal = {
        proposalId: e.proposalId,
        grade: e.grade,
        criteria: e.criteria,
        evidence: e.evidence,
        ruleSetVersion: e.ruleSetVersion,
        eventId: event.eventId,
      };
      return withIncident({ ...state, openProposal: proposal, proposals: [...state.proposals, proposal] });
    }
    case GradeConfirmed.type: {
      const e = event.data as EventData<typeof GradeConfirmed>;
      return withIncident(
        settle(state, { grade: e.grade, by: 'confirmed', eventId: event.eventId, since: position }),
      );
    }
    case GradeOverridden.type: {
      const e = event.data as EventData<typeof GradeOverridden>;
      return withIncident(
        settle(state, { grade: e.grade, by: 'overridden', eventId: event.eventId, since: position }),
      );
    }
    case GradeEscalated.type: {
      const e = event.data as EventData<typeof GradeEscalated>;
      return withIncident(
        settle(state, { grade: e.to, by: 'escalated', eventId: event.eventId, since: position }),
      );
    }
    case GradeDowngraded.type: {
      const e = event.data as EventData<typeof GradeDowngraded>;
      return withIncident(
        settle(state, { grade: e.to, by: 'downgraded', eventId: event.eventId, since: position }),
      );
    }
    case IncidentCategorised.type: {
      const e = event.data as EventData<typeof IncidentCategorised>;
      return withIncident({ ...state, categories: e.categories, categorisedBy: event.eventId });
    }
    case GenuinenessJudged.type: {
      const e = event.data as EventData<typeof GenuinenessJudged>;
      return withIncident({ ...state, genuineness: { verdict: e.verdict, eventId: event.eventId } });
    }
    default:
      return state;
  }
}

/** A grade comes into force; whatever proposal was open is answered or superseded by it. */
function settle(state: IncidentGradeState, inForce: GradeInForce): IncidentGradeState {
  const { openProposal: _answered, ...rest } = state;
  return { ...rest, inForce };
}

/** Items leave the incident (moved out, split off); nothing happens for items that were not members. */
function depart(
  state: IncidentGradeState,
  itemIds: readonly string[],
  at: number,
  eventId: string,
): IncidentGradeState {
  const leaving = new Set(itemIds);
  const members = state.members.filter((m) => !leaving.has(m.itemId));
  if (members.length === state.members.length) return state;
  return { ...state, members, lastDeparture: { at, eventId } };
}

function withMerged(
  merged: readonly MergedIncident[],
  mergedIncidentId: string,
  change: (m: MergedIncident) => MergedIncident,
): readonly MergedIncident[] {
  const known = merged.find((m) => m.mergedIncidentId === mergedIncidentId);
  const next = change(known ?? { mergedIncidentId, itemIds: [] });
  return known ? merged.map((m) => (m === known ? next : m)) : [...merged, next];
}

function join(members: readonly Member[], itemIds: readonly string[], at: number): readonly Member[] {
  const fresh = itemIds.filter((id, i) => !members.some((m) => m.itemId === id) && itemIds.indexOf(id) === i);
  return fresh.length === 0 ? members : [...members, ...fresh.map((itemId) => ({ itemId, at }))];
}

function addAll(list: readonly string[], ids: readonly string[]): readonly string[] {
  const fresh = ids.filter((id, i) => !list.includes(id) && ids.indexOf(id) === i);
  return fresh.length === 0 ? list : [...list, ...fresh];
}

/**
 * Decides a grading command on an incident's state. A proposal that would change nothing is no event (an empty
 * list); every refusal is a DomainRuleError with a stable rule id.
 */
export function decideIncidentGrade(command: IncidentGradeCommand, state: IncidentGradeState): NewEvent[] {
  const incidentId =
    state.incidentId ?? refuse('grading.incident-unknown', 'grading has not heard of this incident');
  if (state.mergedInto && command.kind !== 'propose' && command.kind !== 'note-merged-grade') {
    refuse(
      'grading.incident-merged',
      `this incident was merged into ${state.mergedInto.incidentId} (合并) and is closed: decide on that incident`,
    );
  }
  switch (command.kind) {
    case 'propose':
      return propose(command, state, incidentId);
    case 'note-merged-grade': {
      const known = state.merged.find((m) => m.mergedIncidentId === command.mergedIncidentId);
      if (known?.gradeEventId === command.gradeEventId) return [];
      const data = {
        incidentId,
        mergedIncidentId: command.mergedIncidentId,
        grade: command.grade,
        gradedBy: command.gradedBy,
        gradeEventId: command.gradeEventId,
      };
      return [{ ...MergedIncidentGradeNoted.create(data), metadata: { causationId: command.mergeEventId } }];
    }
    case 'confirm': {
      const open = openProposal(state, command.proposalId);
      if (!sameGrade(command.grade, open.grade)) {
        refuse(
          'grading.confirmation-differs-from-proposal',
          `proposal ${open.proposalId} is ${gradeName(open.grade)}; to set another grade, override it with a reason`,
        );
      }
      const data = {
        incidentId,
        proposalId: open.proposalId,
        grade: open.grade,
        ...optional('note', command.note),
      };
      return [{ ...GradeConfirmed.create(data), metadata: { causationId: open.eventId } }];
    }
    case 'override': {
      const open = openProposal(state, command.proposalId);
      if (sameGrade(command.grade, open.grade)) {
        refuse('grading.override-same-as-proposal', 'the grade equals the proposal: confirm it instead');
      }
      const reason = requireReason(command.reason);
      const data = {
        incidentId,
        proposalId: open.proposalId,
        proposedGrade: open.grade,
        grade: command.grade,
        reason,
      };
      return [{ ...GradeOverridden.create(data), metadata: { causationId: open.eventId } }];
    }
    case 'escalate': {
      const from = gradeInForce(state);
      if (!moreSevere(command.to, from.grade)) {
        refuse(
          'grading.escalation-must-raise',
          `the incident is ${gradeName(from.grade)}; escalation must raise it, not to ${gradeName(command.to)}`,
        );
      }
      const reason = requireReason(command.reason);
      if (command.trigger !== 'authority-decision' && command.causes.length === 0) {
        refuse('grading.cause-required', 'name the items or events the escalation rests on');
      }
      if (command.trigger === 'grew-through-poor-handling') {
        const missed = new Set(incidentFacts(state).missedDeadlines.map((m) => m.eventId));
        if (!command.causes.some((c) => c.kind === 'event' && missed.has(c.id))) {
          refuse(
            'grading.poor-handling-needs-missed-deadline',
            '处置不当 needs a deadline missed under the current grade among the causes',
          );
        }
      }
      const data = {
        incidentId,
        from: from.grade,
        to: command.to,
        trigger: command.trigger,
        reason,
        evidence: [...command.causes],
        ...optional('ruleSetVersion', command.ruleSetVersion),
      };
      return [
        {
          ...GradeEscalated.create(data),
          metadata: causation(state, command.causes, command.ruleSetVersion),
        },
      ];
    }
    case 'downgrade': {
      const from = gradeInForce(state);
      if (!moreSevere(from.grade, command.to)) {
        refuse(
          'grading.downgrade-must-lower',
          `the incident is ${gradeName(from.grade)}; a downgrade must lower it, not to ${gradeName(command.to)}`,
        );
      }
      const reason = requireReason(command.reason);
      const data = {
        incidentId,
        from: from.grade,
        to: command.to,
        reason,
        evidence: [...command.causes],
        ...optional('ruleSetVersion', command.ruleSetVersion),
      };
      return [
        {
          ...GradeDowngraded.create(data),
          metadata: causation(state, command.causes, command.ruleSetVersion),
        },
      ];
    }
    case 'categorise': {
      if (command.categories.length === 0) refuse('grading.category-required', 'name at least one category');
      if (new Set(command.categories).size !== command.categories.length) {
        refuse('grading.categories-repeat', 'a category is named twice');
      }
      const same =
        command.categories.length === state.categories.length &&
        command.categories.every((c, i) => state.categories[i] === c);
      if (same) return [];
      return [IncidentCategorised.create({ incidentId, categories: [...command.categories] })];
    }
    case 'judge-genuineness': {
      const basis = command.basis.trim();
      if (basis === '') refuse('grading.basis-required', 'give the basis of the judgement (判断依据)');
      if (state.genuineness?.verdict === command.verdict) {
        refuse('grading.genuineness-unchanged', `the incident is already judged ${command.verdict}`);
      }
      const data = { incidentId, verdict: command.verdict, basis, evidence: [...command.evidence] };
      return [{ ...GenuinenessJudged.create(data), metadata: causation(state, command.evidence) }];
    }
  }
}

/**
 * Proposes when the rules, on the facts now, give a grade that differs from the open proposal and, when a grade is
 * in force, is more severe than it and rests on something that arrived after the authority set it. Lowering a grade
 * is the authority's decision (downgrade, with a reason); and what the authority has already weighed is not put to
 * it again. Two corrections of clustering bear on this: an incident merged into this one with a grade in force sets
 * a floor (the proposal is at least that grade, citing the merge, while any of its items remain here); and when
 * items left after the grade came into force (moved out, split off), the grade the remaining items give is put to
 * the authority even if lower — a proposal only: the grade in force stays until the authority decides.
 */
function propose(
  command: Extract<IncidentGradeCommand, { kind: 'propose' }>,
  state: IncidentGradeState,
  incidentId: string,
): NewEvent[] {
  // 伪舆情 is handled by law (依法追究), not graded up: its growth is no ground for a proposal.
  if (state.genuineness?.verdict === 'fabricated') return [];
  // Merged into another incident: graded there.
  if (state.mergedInto) return [];
  const ruled = evaluateGrade(incidentFacts(state), command.ruleSet);
  const floor = mergedFloor(state);
  let evaluation =
    floor && (!ruled || moreSevere(floor.grade, ruled.grade))
      ? atMergedFloor(ruled, floor, command.ruleSet)
      : ruled;
  if (!evaluation) return [];
  const inForce = state.inForce;
  if (inForce && !moreSevere(evaluation.grade, inForce.grade)) {
    const departed = state.lastDeparture;
    if (!departed || departed.at <= inForce.since || !moreSevere(inForce.grade, evaluation.grade)) return [];
    evaluation = afterDeparture(evaluation, inForce, departed.eventId);
  } else if (inForce && !evaluation.evidence.some((ref) => positionOf(state, ref) > inForce.since)) return [];
  if (state.openProposal && sameGrade(state.openProposal.grade, evaluation.grade)) return [];
  if (state.proposals.some((p) => p.proposalId === command.proposalId)) {
    refuse('grading.proposal-id-taken', `proposal ${command.proposalId} already exists`);
  }
  const event = GradeProposed.create({
    incidentId,
    proposalId: command.proposalId,
    grade: evaluation.grade,
    criteria: [...evaluation.criteria],
    evidence: [...evaluation.evidence],
    ruleSetVersion: evaluation.ruleSetVersion,
    rationale: evaluation.rationale,
  });
  return [{ ...event, metadata: causation(state, evaluation.evidence, evaluation.ruleSetVersion) }];
}

/**
 * The most severe grade an incident merged into this one had in force, while any item that came with it is still
 * here (a merge undone by splitting its items off again binds no more).
 */
function mergedFloor(
  state: IncidentGradeState,
): (MergedIncident & { grade: Grade; notedEventId: string }) | undefined {
  const members = new Set(state.members.map((m) => m.itemId));
  let floor: (MergedIncident & { grade: Grade; notedEventId: string }) | undefined;
  for (const m of state.merged) {
    if (!m.grade || !m.notedEventId) continue;
    if (m.itemIds.length > 0 && !m.itemIds.some((id) => members.has(id))) continue;
    if (!floor || moreSevere(m.grade, floor.grade))
      floor = { ...m, grade: m.grade, notedEventId: m.notedEventId };
  }
  return floor;
}

/**
 * The grade an incident carries into a merge (合并): its grade in force, or, when more severe, a grade it holds from an
 * incident merged into it earlier. What the survivor notes (note-merged-grade).
 */
export function gradeCarriedByMerge(
  state: IncidentGradeState,
):
  | { readonly grade: Grade; readonly gradedBy: GradeInForce['by']; readonly gradeEventId: string }
  | undefined {
  let carried = state.inForce
    ? { grade: state.inForce.grade, gradedBy: state.inForce.by, gradeEventId: state.inForce.eventId }
    : undefined;
  // Closed by a merge, its items are gone: every grade it had noted is still carried.
  const held = state.mergedInto
    ? state.merged.filter((m) => m.grade && m.gradedBy && m.gradeEventId)
    : [mergedFloor(state)].filter((m) => m !== undefined);
  for (const m of held) {
    if (!carried || moreSevere(m.grade!, carried.grade)) {
      carried = { grade: m.grade!, gradedBy: m.gradedBy!, gradeEventId: m.gradeEventId! };
    }
  }
  return carried;
}

/** A proposal at the grade a merged incident had in force, citing the note of it (criterion `merged-incident`). */
function atMergedFloor(
  ruled: GradeEvaluation | undefined,
  floor: MergedIncident & { grade: Grade; notedEventId: string },
  rules: GradingRuleSet,
): GradeEvaluation {
  const own = ruled ? `按规则本事件为${gradeName(ruled.grade)}` : '按规则本事件尚无定级依据';
  return {
    grade: floor.grade,
    criteria: ['merged-incident'],
    evidence: [{ kind: 'event', id: floor.notedEventId }],
    ruleSetVersion: rules.version,
    matches: ruled?.matches ?? [],
    rationale:
      `拟定${gradeName(floor.grade)}（${rules.version}）：事件 ${floor.mergedIncidentId} 已并入本事件，其原定级别为` +
      `${gradeName(floor.grade)}，合并后不低于该级别；${own}。`,
  };
}

/** The proposal after items left: what the remaining items give, citing the departure, for the authority to weigh. */
function afterDeparture(
  evaluation: GradeEvaluation,
  inForce: GradeInForce,
  departureEventId: string,
): GradeEvaluation {
  return {
    ...evaluation,
    evidence: [...evaluation.evidence.slice(0, 99), { kind: 'event', id: departureEventId }],
    rationale: truncate(
      `${evaluation.rationale}部分信息已移出本事件（改归/拆分），现行${gradeName(inForce.grade)}所据已不全；` +
        `现行级别在定级机关决定前不变。`,
      2000,
    ),
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Where in the fold an item (the later of its capture and its joining) or an event arrived; 0 if never. */
function positionOf(state: IncidentGradeState, ref: EvidenceRef): number {
  if (ref.kind === 'event') return state.eventIds.indexOf(ref.id) + 1;
  const captured = state.captured.find((i) => i.itemId === ref.id)?.at ?? 0;
  const joined = state.members.find((m) => m.itemId === ref.id)?.at ?? 0;
  return Math.max(captured, joined);
}

function openProposal(state: IncidentGradeState, proposalId: string): Proposal {
  const open = state.openProposal;
  if (!open) {
    const answered = state.proposals.some((p) => p.proposalId === proposalId);
    refuse(
      'grading.no-open-proposal',
      answered
        ? `proposal ${proposalId} has already been answered or superseded`
        : 'there is no open grade proposal for this incident',
    );
  }
  if (open.proposalId !== proposalId) {
    refuse(
      'grading.proposal-superseded',
      `proposal ${proposalId} is not the open one; the open proposal is ${open.proposalId} (${gradeName(open.grade)})`,
    );
  }
  return open;
}

function gradeInForce(state: IncidentGradeState): GradeInForce {
  return (
    state.inForce ??
    refuse(
      'grading.no-grade-in-force',
      'the incident has no confirmed grade yet: confirm or override a proposal first',
    )
  );
}

function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '') refuse('grading.reason-required', 'give the reason (理由)');
  return trimmed;
}

/**
 * Metadata for a decision: as causation, the latest-arrived event among its causes (the one that tipped it; an
 * item stands for the event that captured it), and the rule version.
 */
function causation(
  state: IncidentGradeState,
  causes: readonly EvidenceRef[],
  ruleVersion?: string,
): NewEvent['metadata'] {
  let tipped: string | undefined;
  let latest = 0;
  for (const ref of causes) {
    const at = positionOf(state, ref);
    if (at > latest) {
      latest = at;
      tipped = state.eventIds[at - 1];
    }
  }
  return { ...(tipped ? { causationId: tipped } : {}), ...(ruleVersion ? { ruleVersion } : {}) };
}

/** The decider as the event store's command handling takes it. */
export const incidentGradeDecider = {
  initialState: initialIncidentGradeState,
  evolve: evolveIncidentGrade,
  decide: decideIncidentGrade,
};
