/**
 * Heat (热度) of an incident, 0–100: how much is being said, how fast, how widely, and how far it reaches.
 *
 *   raw  = Σ over items: reach weight × (1 + ln(1 + engagement)) × recency
 *   heat = 100 × (1 − e^(−raw / 40)) × (1 + velocity bonus), capped at 100
 *
 * engagement = views/100 + 2·reposts + 1.5·comments + 0.5·likes; recency halves every 24 h; the velocity bonus
 * (up to +30 %) rewards more items in the last hour than in the hour before (ages in whole minutes). A
 * central-media report alone is warm; dozens of local reposts in an hour are hot. The policy is versioned:
 * past heat is never recomputed.
 */
export type ReachTier =
  | 'central-media'
  | 'national-portal'
  | 'provincial-media'
  | 'provincial-portal'
  | 'city-site'
  | 'local'
  | 'individual-account';

export const REACH_ORDER: readonly ReachTier[] = [
  'central-media',
  'national-portal',
  'provincial-media',
  'provincial-portal',
  'city-site',
  'local',
  'individual-account',
];

export interface HeatPolicy {
  readonly version: string;
  readonly reachWeights: Readonly<Record<ReachTier, number>>;
  readonly halfLifeHours: number;
  readonly scale: number;
  /** A change smaller than this is not worth an event. */
  readonly minChange: number;
}

export const DEFAULT_HEAT: HeatPolicy = {
  version: 'heat@2',
  reachWeights: {
    'central-media': 10,
    'national-portal': 8,
    'provincial-media': 6,
    'provincial-portal': 5,
    'city-site': 3,
    local: 2,
    'individual-account': 1,
  },
  halfLifeHours: 24,
  scale: 40,
  minChange: 5,
};

export interface Engagement {
  readonly views?: number;
  readonly reposts?: number;
  readonly comments?: number;
  readonly likes?: number;
}

export interface HeatItem {
  readonly reachTier: ReachTier;
  readonly engagement?: Engagement;
  readonly at: Date;
}

export interface Heat {
  readonly heatIndex: number;
  readonly itemCount: number;
  readonly engagement: Required<Engagement>;
  readonly widestReach: ReachTier;
}

export function sumEngagement(items: readonly { engagement?: Engagement }[]): Required<Engagement> {
  const total = { views: 0, reposts: 0, comments: 0, likes: 0 };
  for (const { engagement } of items) {
    total.views += engagement?.views ?? 0;
    total.reposts += engagement?.reposts ?? 0;
    total.comments += engagement?.comments ?? 0;
    total.likes += engagement?.likes ?? 0;
  }
  return total;
}

export function widestReach(tiers: readonly ReachTier[]): ReachTier {
  return REACH_ORDER.find((tier) => tiers.includes(tier)) ?? 'individual-account';
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Velocity looks at the last two hours, counted in whole minutes. */
const VELOCITY_MINUTES = 120;

const minuteOf = (ms: number) => Math.floor(ms / MINUTE);

export function measureHeat(items: readonly HeatItem[], now: Date, policy: HeatPolicy = DEFAULT_HEAT): Heat {
  let raw = 0;
  const minutes = new Map<number, number>();
  for (const item of items) {
    const age = Math.max(0, now.getTime() - item.at.getTime());
    raw += itemWeight(item, policy) * 0.5 ** (age / (policy.halfLifeHours * HOUR));
    const minute = minuteOf(item.at.getTime());
    minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
  }
  return {
    heatIndex: heatIndexOf(raw, velocityBonus([...minutes], now), policy),
    itemCount: items.length,
    engagement: sumEngagement(items),
    widestReach: widestReach(items.map((item) => item.reachTier)),
  };
}

/**
 * Up to +30 % when more items arrived in the last hour than in the hour before. Ages are counted in whole
 * minutes (an item of minute m is k minutes old in minute m + k), so a running count by minute gives the
 * same answer as the items themselves.
 */
function velocityBonus(perMinute: readonly (readonly [minute: number, count: number])[], now: Date): number {
  const current = minuteOf(now.getTime());
  let lastHour = 0;
  let hourBefore = 0;
  for (const [minute, count] of perMinute) {
    const age = Math.max(0, current - minute);
    if (age < 60) lastHour += count;
    else if (age < VELOCITY_MINUTES) hourBefore += count;
  }
  return lastHour > hourBefore ? Math.min(0.3, (lastHour - hourBefore) / Math.max(10, 10 * hourBefore)) : 0;
}

function heatIndexOf(raw: number, velocity: number, policy: HeatPolicy): number {
  return Math.round(Math.min(100, 100 * (1 - Math.exp(-raw / policy.scale)) * (1 + velocity)) * 10) / 10;
}

/** Whether a new measurement is news: enough change, or a wider reach than before. */
export function heatChangeMatters(
  previous: Pick<Heat, 'heatIndex' | 'widestReach'> | undefined,
  next: Pick<Heat, 'heatIndex' | 'widestReach'>,
  policy: HeatPolicy = DEFAULT_HEAT,
): boolean {
  if (!previous) return true;
  if (REACH_ORDER.indexOf(next.widestReach) < REACH_ORDER.indexOf(previous.widestReach)) return true;
  return Math.abs(next.heatIndex - previous.heatIndex) >= policy.minChange;
}

/**
 * The heat of an incident kept incrementally, so that measuring it never rereads the incident's items. It holds
 * the reach- and engagement-weighted sum of its items, each scaled by 2^((t − t0)/half-life) from the
 * incident's reference time t0 (so the decay to any later moment is one multiplication), and how many items
 * were captured in each minute of the last two hours (for velocity): at most 120 pairs however hot the
 * incident runs. heatFromState(fold of addToHeat) equals measureHeat(items).
 */
export interface HeatState {
  /** Reference time, Unix ms. */
  readonly t0: number;
  readonly weighted: number;
  readonly itemCount: number;
  readonly widest: ReachTier;
  /** Items by capture minute (Unix ms / 60 000), oldest first, for the two hours up to the newest item. */
  readonly perMinute: readonly (readonly [minute: number, count: number])[];
}

export function emptyHeat(t0: Date): HeatState {
  return { t0: t0.getTime(), weighted: 0, itemCount: 0, widest: 'individual-account', perMinute: [] };
}

function itemWeight(item: HeatItem, policy: HeatPolicy): number {
  const e = item.engagement ?? {};
  const engagement =
    (e.views ?? 0) / 100 + 2 * (e.reposts ?? 0) + 1.5 * (e.comments ?? 0) + 0.5 * (e.likes ?? 0);
  return policy.reachWeights[item.reachTier] * (1 + Math.log1p(engagement));
}

export function addToHeat(state: HeatState, item: HeatItem, policy: HeatPolicy = DEFAULT_HEAT): HeatState {
  const halfLife = policy.halfLifeHours * HOUR;
  const at = item.at.getTime();
  let { t0, weighted } = state;
  // Keep the exponent small: move the reference forward (and rescale) long before a double would overflow.
  if ((at - t0) / halfLife > 500) {
    weighted *= 2 ** (-(at - t0) / halfLife);
    t0 = at;
  }
  weighted += itemWeight(item, policy) * 2 ** ((at - t0) / halfLife);
  const minute = minuteOf(at);
  const counts = new Map(state.perMinute);
  counts.set(minute, (counts.get(minute) ?? 0) + 1);
  const newest = Math.max(...counts.keys());
  return {
    t0,
    weighted,
    itemCount: state.itemCount + 1,
    widest: widestReach([state.itemCount === 0 ? item.reachTier : state.widest, item.reachTier]),
    // Minutes two hours before the newest can never count again for velocity.
    perMinute: [...counts].filter(([m]) => newest - m < VELOCITY_MINUTES).sort(([a], [b]) => a - b),
  };
}

export function heatFromState(state: HeatState, now: Date, policy: HeatPolicy = DEFAULT_HEAT): number {
  const raw = state.weighted * 2 ** (-(now.getTime() - state.t0) / (policy.halfLifeHours * HOUR));
  return heatIndexOf(raw, velocityBonus(state.perMinute, now), policy);
}

/**
 * The heat state of an incident from its items, from scratch: what the incremental state would be had the
 * items always been together. For corrections by monitors (改归, 合并, 拆分), where items leave an incident and
 * its state cannot be unwound. Items are folded in the order given (capture order, for a reproducible state).
 */
export function heatStateOf(
  items: readonly HeatItem[],
  t0: Date,
  policy: HeatPolicy = DEFAULT_HEAT,
): HeatState {
  return items.reduce((state, item) => addToHeat(state, item, policy), emptyHeat(t0));
}
