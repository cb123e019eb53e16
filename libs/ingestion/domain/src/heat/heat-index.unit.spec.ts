import {
  addToHeat,
  emptyHeat,
  heatChangeMatters,
  heatFromState,
  measureHeat,
  type HeatItem,
} from './heat-index';

const now = new Date('2026-11-25T12:00:00+08:00');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('heat index', () => {
  it('rises with reach: one central-media report outweighs one local post', () => {
    const central = measureHeat([{ reachTier: 'central-media', at: minutesAgo(10) }], now);
    const local = measureHeat([{ reachTier: 'local', at: minutesAgo(10) }], now);
    expect(central.heatIndex).toBeGreaterThan(local.heatIndex * 3);
    expect(central.widestReach).toBe('central-media');
  });

  it('rises with volume, velocity and engagement, and stays within 0–100', () => {
    const burst: HeatItem[] = Array.from({ length: 60 }, (_, i) => ({
      reachTier: 'individual-account',
      at: minutesAgo(i),
      engagement: { reposts: 50, comments: 80, likes: 300, views: 20000 },
    }));
    const heat = measureHeat(burst, now);
    expect(heat.heatIndex).toBeGreaterThan(90);
    expect(heat.heatIndex).toBeLessThanOrEqual(100);
    expect(heat.engagement).toEqual({ views: 1_200_000, reposts: 3000, comments: 4800, likes: 18000 });
    expect(heat.itemCount).toBe(60);
  });

  it('cools as items age', () => {
    const items: HeatItem[] = [
      { reachTier: 'city-site', at: minutesAgo(0) },
      { reachTier: 'city-site', at: minutesAgo(5) },
    ];
    const later = new Date(now.getTime() + 48 * 3_600_000);
    expect(measureHeat(items, later).heatIndex).toBeLessThan(measureHeat(items, now).heatIndex / 3);
  });

  it('calls a change news when it moves by five points or reaches wider', () => {
    const base = {
      heatIndex: 40,
      itemCount: 3,
      engagement: { views: 0, reposts: 0, comments: 0, likes: 0 },
      widestReach: 'city-site' as const,
    };
    expect(heatChangeMatters(undefined, base)).toBe(true);
    expect(heatChangeMatters(base, { ...base, heatIndex: 43 })).toBe(false);
    expect(heatChangeMatters(base, { ...base, heatIndex: 45 })).toBe(true);
    expect(heatChangeMatters(base, { ...base, heatIndex: 41, widestReach: 'provincial-portal' })).toBe(true);
  });
});

describe('heat kept incrementally', () => {
  it('equals the heat measured from all the items, whatever their order and spread in time', () => {
    const tiers = ['central-media', 'provincial-portal', 'city-site', 'local', 'individual-account'] as const;
    const items: HeatItem[] = Array.from({ length: 40 }, (_, i) => ({
      reachTier: tiers[i % tiers.length]!,
      at: minutesAgo((i * 37) % 300),
      engagement: { views: (i * 97) % 4000, reposts: i % 7, comments: (i * 3) % 11, likes: i % 13 },
    }));
    const state = [...items]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .reduce((s, item) => addToHeat(s, item), emptyHeat(minutesAgo(300)));
    for (const at of [now, new Date(now.getTime() + 30 * 60_000), new Date(now.getTime() + 26 * 3_600_000)]) {
      expect(heatFromState(state, at)).toBeCloseTo(measureHeat(items, at).heatIndex, 1);
    }
    expect(state.itemCount).toBe(40);
    expect(state.widest).toBe('central-media');
  });

  it('stays exact for an incident that lasts years (its reference time moves forward)', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const items: HeatItem[] = Array.from({ length: 37 }, (_, month) => ({
      reachTier: 'city-site',
      at: new Date(start.getTime() + month * 30 * 86_400_000),
    }));
    const state = items.reduce((s, item) => addToHeat(s, item), emptyHeat(start));
    const at = new Date(items[items.length - 1]!.at.getTime() + 3_600_000);
    expect(heatFromState(state, at)).toBeCloseTo(measureHeat(items, at).heatIndex, 1);
    expect(heatFromState(state, at)).toBeGreaterThan(0);
  });

  it('stays small however hot the incident runs: one count per minute of the last two hours', () => {
    // 6,000 items over three hours, two every 1.8 seconds.
    const items: HeatItem[] = Array.from({ length: 6000 }, (_, i) => ({
      reachTier: 'individual-account',
      at: minutesAgo(180 - i * 0.03),
    }));
    const state = items.reduce((s, item) => addToHeat(s, item), emptyHeat(minutesAgo(180)));
    expect(state.perMinute.length).toBeLessThanOrEqual(120);
    expect(JSON.stringify(state).length).toBeLessThan(3000);
    expect(state.itemCount).toBe(6000);
    expect(heatFromState(state, now)).toBeCloseTo(measureHeat(items, now).heatIndex, 1);
  });
});
