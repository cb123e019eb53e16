import {
  DomainRuleError,
  type EventData,
  type IncidentDetected,
  type IncidentHeatChanged,
  type IncidentMergedInto,
  type IncidentsMerged,
  type IncidentSplit,
  type ItemAttachedToIncident,
  type ItemDetachedFromIncident,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import {
  DEFAULT_HEAT,
  heatFromState,
  heatStateOf,
  sumEngagement,
  type Engagement,
  type HeatPolicy,
  type ReachTier,
} from '../heat/heat-index';

/**
 * Monitors correct clustering (改归 / 合并 / 拆分): move an item to another incident, merge two incidents of one
 * event, split items of another event off into a new incident. Each correction writes to two incident streams in
 * one transaction; this decider takes both incidents' states (folded from their streams) and what heat needs of
 * their items (as data, from the read model), and answers the events of each stream, heat re-measured.
 */

/** Bounds the events' contracts set: an incident starts from at most 100 items; a merge moves at most 10,000. */
export const CORRECTION_LIMITS = { splitItems: 100, mergeItems: 10_000 } as const;

/**
 * Which items an incident holds, as the changes its stream made, newest first. Folding an event prepends one
 * change (no copy of the set per event, which grew quadratically with the incident); `itemsOf` replays them.
 */
interface MembershipChange {
  readonly op: 'add' | 'remove' | 'clear';
  readonly itemIds: readonly string[];
  readonly before: MembershipChange | undefined;
}

/** An incident as its stream tells it. */
export interface IncidentCorrectionState {
  readonly status: 'unknown' | 'open' | 'merged';
  readonly incidentId?: string;
  /** The unit of the incident (the envelope of its detection). */
  readonly orgUnit?: string;
  /** The earliest detection among the incidents merged into it (reporting's clock). */
  readonly detectedAt?: string;
  readonly mergedInto?: string;
  /** The heat index last measured (IncidentHeatChanged), 0 before any. */
  readonly heatIndex: number;
  readonly membership?: MembershipChange;
}

/** What a decision needs of an item: its title and what heat weighs. */
export interface IncidentItem {
  readonly itemId: string;
  readonly title: string;
  readonly reachTier: ReachTier;
  readonly engagement?: Engagement;
  readonly capturedAt: Date;
}

/** The items of the incidents involved, by id (every item of each, from the read model). */
export type IncidentItems = ReadonlyMap<string, IncidentItem>;

export type CorrectionCommand =
  | {
      readonly kind: 'move';
      readonly itemId: string;
      readonly toIncidentId: string;
      readonly reason: string;
      readonly now: Date;
    }
  | {
      readonly kind: 'merge';
      readonly mergedIncidentId: string;
      readonly reason: string;
      readonly now: Date;
    }
  | {
      readonly kind: 'split';
      /** The id the new incident gets (a UUIDv7, assigned by the caller). */
      readonly newIncidentId: string;
      readonly itemIds: readonly string[];
      readonly title?: string | undefined;
      readonly reason: string;
      readonly now: Date;
    };

/** The events of one incident stream; `created` when the stream starts here (a split's new incident). */
export interface IncidentEvents {
  readonly incidentId: string;
  readonly created: boolean;
  readonly events: readonly NewEvent[];
}

export const initialIncidentCorrectionState = (): IncidentCorrectionState => ({
  status: 'unknown',
  heatIndex: 0,
});

const change = (
  state: IncidentCorrectionState,
  op: MembershipChange['op'],
  itemIds: readonly string[],
): MembershipChange => ({ op, itemIds, before: state.membership });

export function evolveIncidentCorrection(
  state: IncidentCorrectionState,
  event: RecordedEvent,
): IncidentCorrectionState {
  switch (event.type) {
    case 'ingestion.IncidentDetected': {
      const d = event.data as EventData<typeof IncidentDetected>;
      return {
        status: 'open',
        incidentId: d.incidentId,
        orgUnit: event.metadata.orgUnit,
        detectedAt: d.detectedAt,
        heatIndex: 0,
        membership: change(state, 'add', d.itemIds),
      };
    }
    case 'ingestion.ItemAttachedToIncident': {
      const d = event.data as EventData<typeof ItemAttachedToIncident>;
      return { ...state, membership: change(state, 'add', [d.itemId]) };
    }
    case 'ingestion.ItemDetachedFromIncident': {
      const d = event.data as EventData<typeof ItemDetachedFromIncident>;
      return { ...state, membership: change(state, 'remove', [d.itemId]) };
    }
    case 'ingestion.IncidentsMerged': {
      const d = event.data as EventData<typeof IncidentsMerged>;
      return {
        ...state,
        detectedAt: earlier(state.detectedAt, d.mergedDetectedAt),
        membership: change(state, 'add', d.itemIds),
      };
    }
    case 'ingestion.IncidentMergedInto': {
      const d = event.data as EventData<typeof IncidentMergedInto>;
      return {
        ...state,
        status: 'merged',
        mergedInto: d.intoIncidentId,
        membership: change(state, 'clear', []),
      };
    }
    case 'ingestion.IncidentSplit': {
      const d = event.data as EventData<typeof IncidentSplit>;
      return { ...state, membership: change(state, 'remove', d.itemIds) };
    }
    case 'ingestion.IncidentHeatChanged':
      return { ...state, heatIndex: (event.data as EventData<typeof IncidentHeatChanged>).heatIndex };
    default:
      return state;
  }
}

/** The items an incident holds now, in the order they joined it. */
export function itemsOf(state: IncidentCorrectionState): string[] {
  const changes: MembershipChange[] = [];
  for (let c = state.membership; c; c = c.before) changes.push(c);
  const items = new Set<string>();
  for (const c of changes.reverse()) {
    if (c.op === 'clear') items.clear();
    else if (c.op === 'add') for (const id of c.itemIds) items.add(id);
    else for (const id of c.itemIds) items.delete(id);
  }
  return [...items];
}

function earlier(a: string | undefined, b: string): string {
  return a === undefined || Date.parse(b) < Date.parse(a) ? b : a;
}

/** Move an item to another open incident of the same unit (改归). */
export function decideMove(
  command: Extract<CorrectionCommand, { kind: 'move' }>,
  from: IncidentCorrectionState,
  to: IncidentCorrectionState,
  items: IncidentItems,
): IncidentEvents[] {
  const fromId = from.incidentId!;
  const toId = command.toIncidentId;
  mustExist(to, toId);
  if (fromId === toId)
    throw new DomainRuleError(
      'ingestion.same-incident',
      `item ${command.itemId} is already in incident ${toId}`,
    );
  mustBeOpen(from, fromId);
  mustBeOpen(to, toId);
  sameUnit(from, to);
  const fromItems = itemsOf(from);
  if (!fromItems.includes(command.itemId))
    throw new DomainRuleError(
      'ingestion.item-not-in-incident',
      `item ${command.itemId} is not in incident ${fromId}`,
    );
  if (fromItems.length === 1)
    throw new DomainRuleError(
      'ingestion.move-takes-last-item',
      `item ${command.itemId} is the only item of incident ${fromId}: merge that incident into ${toId} instead`,
    );
  const remaining = fromItems.filter((id) => id !== command.itemId);
  const joined = [...itemsOf(to), command.itemId];
  const detached: EventData<typeof ItemDetachedFromIncident> = {
    itemId: command.itemId,
    incidentId: fromId,
    movedToIncidentId: toId,
    reason: command.reason,
  };
  const attached: EventData<typeof ItemAttachedToIncident> = {
    itemId: command.itemId,
    incidentId: toId,
    relation: 'manual',
    movedFromIncidentId: fromId,
    reason: command.reason,
  };
  return [
    {
      incidentId: fromId,
      created: false,
      events: [
        { type: 'ingestion.ItemDetachedFromIncident', data: detached },
        heatChanged(fromId, from.heatIndex, from.detectedAt!, remaining, items, command.now),
      ],
    },
    {
      incidentId: toId,
      created: false,
      events: [
        { type: 'ingestion.ItemAttachedToIncident', data: attached },
        heatChanged(toId, to.heatIndex, to.detectedAt!, joined, items, command.now),
      ],
    },
  ];
}

/** Merge another incident of the same unit into this one (合并); the merged one closes. */
export function decideMerge(
  command: Extract<CorrectionCommand, { kind: 'merge' }>,
  into: IncidentCorrectionState,
  merged: IncidentCorrectionState,
  items: IncidentItems,
): IncidentEvents[] {
  const intoId = into.incidentId!;
  const mergedId = command.mergedIncidentId;
  mustExist(merged, mergedId);
  if (intoId === mergedId)
    throw new DomainRuleError('ingestion.same-incident', `incident ${intoId} cannot be merged into itself`);
  mustBeOpen(into, intoId);
  mustBeOpen(merged, mergedId);
  sameUnit(into, merged);
  const moving = itemsOf(merged);
  const together = [...itemsOf(into), ...moving];
  if (together.length > CORRECTION_LIMITS.mergeItems)
    throw new DomainRuleError(
      'ingestion.merge-too-large',
      `together the incidents hold ${together.length} items; a merge takes at most ${CORRECTION_LIMITS.mergeItems}`,
    );
  const mergedData: EventData<typeof IncidentsMerged> = {
    incidentId: intoId,
    mergedIncidentId: mergedId,
    itemIds: moving,
    mergedDetectedAt: merged.detectedAt!,
    reason: command.reason,
  };
  const closed: EventData<typeof IncidentMergedInto> = {
    incidentId: mergedId,
    intoIncidentId: intoId,
    itemIds: moving,
    reason: command.reason,
  };
  return [
    {
      incidentId: intoId,
      created: false,
      events: [
        { type: 'ingestion.IncidentsMerged', data: mergedData },
        heatChanged(
          intoId,
          into.heatIndex,
          earlier(into.detectedAt, merged.detectedAt!),
          together,
          items,
          command.now,
        ),
      ],
    },
    {
      incidentId: mergedId,
      created: false,
      events: [{ type: 'ingestion.IncidentMergedInto', data: closed }],
    },
  ];
}

/** Split items off this incident into a new one (拆分); at least one item stays. */
export function decideSplit(
  command: Extract<CorrectionCommand, { kind: 'split' }>,
  original: IncidentCorrectionState,
  items: IncidentItems,
): IncidentEvents[] {
  const originalId = original.incidentId!;
  mustBeOpen(original, originalId);
  const held = itemsOf(original);
  const holds = new Set(held);
  const wanted = [...new Set(command.itemIds)];
  const strangers = wanted.filter((id) => !holds.has(id));
  if (strangers.length > 0)
    throw new DomainRuleError(
      'ingestion.item-not-in-incident',
      `not in incident ${originalId}: ${strangers.slice(0, 10).join(', ')}${strangers.length > 10 ? ' …' : ''}`,
    );
  if (wanted.length === held.length)
    throw new DomainRuleError(
      'ingestion.split-takes-all-items',
      `a split must leave at least one of the ${held.length} items in incident ${originalId}`,
    );
  if (wanted.length > CORRECTION_LIMITS.splitItems)
    throw new DomainRuleError(
      'ingestion.split-too-large',
      `a split takes at most ${CORRECTION_LIMITS.splitItems} items; move the rest after it`,
    );
  const leaving = new Set(wanted);
  const moving = inCaptureOrder(wanted.map((id) => itemOf(items, id)));
  const first = moving[0]!;
  const detectedAt = first.capturedAt.toISOString();
  const split: EventData<typeof IncidentSplit> = {
    incidentId: originalId,
    newIncidentId: command.newIncidentId,
    itemIds: moving.map((item) => item.itemId),
    reason: command.reason,
  };
  const detected: EventData<typeof IncidentDetected> = {
    incidentId: command.newIncidentId,
    title: command.title ?? first.title,
    itemIds: moving.map((item) => item.itemId),
    detectedAt,
    splitFromIncidentId: originalId,
  };
  return [
    {
      incidentId: originalId,
      created: false,
      events: [
        { type: 'ingestion.IncidentSplit', data: split },
        heatChanged(
          originalId,
          original.heatIndex,
          original.detectedAt!,
          held.filter((id) => !leaving.has(id)),
          items,
          command.now,
        ),
      ],
    },
    {
      incidentId: command.newIncidentId,
      created: true,
      events: [
        { type: 'ingestion.IncidentDetected', data: detected },
        heatChanged(
          command.newIncidentId,
          0,
          detectedAt,
          moving.map((item) => item.itemId),
          items,
          command.now,
        ),
      ],
    },
  ];
}

function mustExist(state: IncidentCorrectionState, incidentId: string): void {
  if (state.status === 'unknown')
    throw new DomainRuleError('ingestion.incident-not-found', `incident ${incidentId} does not exist`);
}

function mustBeOpen(state: IncidentCorrectionState, incidentId: string): void {
  mustExist(state, incidentId);
  if (state.status === 'merged')
    throw new DomainRuleError(
      'ingestion.incident-closed',
      `incident ${incidentId} was merged into ${state.mergedInto} and is closed; correct that one instead`,
    );
}

function sameUnit(a: IncidentCorrectionState, b: IncidentCorrectionState): void {
  if (a.orgUnit !== b.orgUnit)
    throw new DomainRuleError(
      'ingestion.different-org-unit',
      `incident ${a.incidentId} belongs to ${a.orgUnit} and ${b.incidentId} to ${b.orgUnit}: only incidents of one unit are corrected together`,
    );
}

function itemOf(items: IncidentItems, itemId: string): IncidentItem {
  const item = items.get(itemId);
  // The caller hands over every item of the incidents involved; a missing one is a bug, not a refusal.
  if (!item) throw new Error(`item ${itemId} was not handed to the decider`);
  return item;
}

/** Oldest first; items captured in the same instant by id, so the order (and the heat state) is reproducible. */
function inCaptureOrder(items: readonly IncidentItem[]): IncidentItem[] {
  return [...items].sort(
    (a, b) =>
      a.capturedAt.getTime() - b.capturedAt.getTime() ||
      (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0),
  );
}

/**
 * The heat of an incident over the items it holds after the correction, from scratch (heat@2, from its detection),
 * as the read model will hold it. Always an event: the item count changed, whatever the index did.
 */
function heatChanged(
  incidentId: string,
  previousHeatIndex: number,
  detectedAt: string,
  itemIds: readonly string[],
  items: IncidentItems,
  now: Date,
  policy: HeatPolicy = DEFAULT_HEAT,
): NewEvent {
  const held = inCaptureOrder(itemIds.map((id) => itemOf(items, id)));
  const state = heatStateOf(
    held.map((item) => ({
      reachTier: item.reachTier,
      ...(item.engagement ? { engagement: item.engagement } : {}),
      at: item.capturedAt,
    })),
    new Date(Date.parse(detectedAt)),
    policy,
  );
  const data: EventData<typeof IncidentHeatChanged> = {
    incidentId,
    heatIndex: heatFromState(state, now, policy),
    previousHeatIndex,
    itemCount: held.length,
    engagement: sumEngagement(held),
    widestReach: state.widest,
    measuredAt: now.toISOString(),
    ruleSetVersion: policy.version,
  };
  return { type: 'ingestion.IncidentHeatChanged', data };
}
