import { addToHeat, emptyHeat, heatFromState } from '../heat/heat-index';
import { decideHeatChanges, type IncidentHeatRow } from './heat-changes';

const now = new Date('2026-11-25T10:00:00+08:00');
const state = addToHeat(emptyHeat(now), {
  reachTier: 'provincial-media',
  at: now,
  engagement: { reposts: 40 },
});
const row = (overrides: Partial<IncidentHeatRow>): IncidentHeatRow => ({
  incidentId: 'inc-1',
  heatIndex: 0,
  widestReach: null,
  itemCount: 1,
  engagement: { reposts: 40 },
  heatState: state,
  ...overrides,
});

describe('heat changes of the touched incidents', () => {
  it('given an incident never measured, when measured, then its first heat with zeros filled in', () => {
    expect(decideHeatChanges([row({})], now)).toEqual([
      {
        incidentId: 'inc-1',
        heatIndex: heatFromState(state, now),
        previousHeatIndex: 0,
        itemCount: 1,
        engagement: { views: 0, reposts: 40, comments: 0, likes: 0 },
        widestReach: 'provincial-media',
        measuredAt: now.toISOString(),
        ruleSetVersion: 'heat@2',
      },
    ]);
  });

  it('given a measured incident, when its heat barely moved at the same reach, then no change', () => {
    const heatIndex = heatFromState(state, now);
    expect(decideHeatChanges([row({ heatIndex, widestReach: 'provincial-media' })], now)).toEqual([]);
  });

  it('when the reach widened, then a change however small', () => {
    const heatIndex = heatFromState(state, now);
    expect(decideHeatChanges([row({ heatIndex, widestReach: 'local' })], now)).toHaveLength(1);
  });

  it('given an incident without kept state, then nothing is measured', () => {
    expect(decideHeatChanges([row({ heatState: null })], now)).toEqual([]);
  });
});
