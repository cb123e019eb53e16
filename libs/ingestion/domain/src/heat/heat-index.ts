/**
 * Heat (热度) of an incident, 0–100: how much is being said, how fast, how widely, and how far it reaches.
 *
 *   raw  = Σ over items: reach weight × (1 + ln(1 + engagement)) × recency
 *   heat = 100 × (1 − e^(−raw / 40)) × (1 + velocity bonus), capped at 100
 *
 * engagement = views/100 + 2·reposts + 1.5·comments + 0.5·likes; recency halves every 24 h; the velocity bonus
 * (up to +30 %) rewards more items in the last hour than in the hour before. A central-media report alone is
 * warm; dozens of local reposts in an hour are hot. The policy is versioned: past heat is never recomputed.
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
  version: 'heat@1',
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

export function measureHeat(items: readonly HeatItem[], now: Date, policy: HeatPolicy = DEFAULT_HEAT): Heat {
  const hour = 3_600_000;
  let raw = 0;
  let lastHour = 0;
  let hourBefore = 0;
  for (const item of items) {
    const age = Math.max(0, now.getTime() - item.at.getTime());
    const e = item.engagement ?? {};
    const engagement =
      (e.views ?? 0) / 100 + 2 * (e.reposts ?? 0) + 1.5 * (e.comments ?? 0) + 0.5 * (e.likes ?? 0);
    raw +=
      policy.reachWeights[item.reachTier] *
      (1 + Math.log1p(engagement)) *
      0.5 ** (age / (policy.halfLifeHours * hour));
    if (age <= hour) lastHour++;
    else if (age <= 2 * hour) hourBefore++;
  }
  const velocityBonus =
    lastHour > hourBefore ? Math.min(0.3, (lastHour - hourBefore) / Math.max(10, 10 * hourBefore)) : 0;
  const heatIndex = Math.min(100, 100 * (1 - Math.exp(-raw / policy.scale)) * (1 + velocityBonus));
  return {
    heatIndex: Math.round(heatIndex * 10) / 10,
    itemCount: items.length,
    engagement: sumEngagement(items),
    widestReach: widestReach(items.map((item) => item.reachTier)),
  };
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
 * incident's reference time t0 (so the decay to any later moment is one multiplication), and the capture times
 * of the last two hours (for velocity). heatFromState(fold of addToHeat) equals measureHeat(items).
 */
export interface HeatState {
  /** Reference time, Unix ms. */
  readonly t0: number;
  readonly weighted: number;
  readonly itemCount: number;
  readonly widest: ReachTier;
  /** Capture times (Unix ms) of the items of the last two hours before the newest one. */
  readonly recent: readonly number[];
}

const HOUR = 3_600_000;

export function emptyHeat(t0: Date): HeatState {
  return { t0: t0.getTime(), weighted: 0, itemCount: 0, widest: 'individual-account', recent: [] };
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
  const newest = Math.max(at, ...state.recent);
  const recent = [...state.recent, at].filter((t) => newest - t <= 2 * HOUR).sort((a, b) => a - b);
  return {
    t0,
    weighted,
    itemCount: state.itemCount + 1,
    widest: widestReach([state.itemCount === 0 ? item.reachTier : state.widest, item.reachTier]),
    recent,
  };
}

export function heatFromState(state: HeatState, now: Date, policy: HeatPolicy = DEFAULT_HEAT): number {
  const raw = state.weighted * 2 ** (-(now.getTime() - state.t0) / (policy.halfLifeHours * HOUR));
  const ages = state.recent.map((t) => Math.max(0, now.getTime() - t));
  const lastHour = ages.filter((age) => age <= HOUR).length;
  const hourBefore = ages.filter((age) => age > HOUR && age <= 2 * HOUR).length;
  const velocityBonus =
    lastHour > hourBefore ? Math.min(0.3, (lastHour - hourBefore) / Math.max(10, 10 * hourBefore)) : 0;
  return Math.round(Math.min(100, 100 * (1 - Math.exp(-raw / policy.scale)) * (1 + velocityBonus)) * 10) / 10;
}
