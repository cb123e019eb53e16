import type { EventData, IncidentHeatChanged } from '@yuqing/contracts';
import {
  DEFAULT_HEAT,
  heatChangeMatters,
  heatFromState,
  type Engagement,
  type HeatState,
  type ReachTier,
} from '../heat/heat-index';

/** A touched incident as its read model keeps it: its last measured heat and its incrementally kept state. */
export interface IncidentHeatRow {
  readonly incidentId: string;
  readonly heatIndex: number;
  /** The widest reach last measured; null before the first measurement. */
  readonly widestReach: ReachTier | null;
  readonly itemCount: number;
  readonly engagement: Engagement;
  readonly heatState: HeatState | null;
}

/** Heat of the touched incidents, now, from their kept state: a change only where it matters. */
export function decideHeatChanges(
  rows: readonly IncidentHeatRow[],
  now: Date,
): EventData<typeof IncidentHeatChanged>[] {
  const changes: EventData<typeof IncidentHeatChanged>[] = [];
  for (const incident of rows) {
    if (!incident.heatState) continue;
    const heat = {
      heatIndex: heatFromState(incident.heatState, now),
      widestReach: incident.heatState.widest,
    };
    const before = incident.widestReach
      ? { heatIndex: incident.heatIndex, widestReach: incident.widestReach }
      : undefined;
    if (!heatChangeMatters(before, heat)) continue;
    changes.push({
      incidentId: incident.incidentId,
      heatIndex: heat.heatIndex,
      previousHeatIndex: incident.heatIndex,
      itemCount: incident.itemCount,
      engagement: { views: 0, reposts: 0, comments: 0, likes: 0, ...incident.engagement },
      widestReach: heat.widestReach,
      measuredAt: now.toISOString(),
      ruleSetVersion: DEFAULT_HEAT.version,
    });
  }
  return changes;
}
