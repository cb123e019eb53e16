import { gradingStreams, type Actor, type RecordedEvent } from '@yuqing/contracts';
import type { PostgresEventStore } from '@yuqing/event-store';
import { replayIncident, type IncidentGradeState } from '@yuqing/grading-domain';

/** The grading stream of an incident: the facts grading received and every decision, in order. */
export const incidentStream = (incidentId: string): string => gradingStreams.incident.id(incidentId);

/** The grading service itself, when a rule decides (proposals, recorded facts). */
export const GRADING_SERVICE: Actor = { kind: 'service', id: 'grading' };

export interface LoadedIncident {
  readonly events: readonly RecordedEvent[];
  readonly state: IncidentGradeState;
  readonly version: number;
}

/** Reads and folds an incident's grading stream from zero, as the deciders and an auditor do. */
export async function loadIncident(store: PostgresEventStore, incidentId: string): Promise<LoadedIncident> {
  const events = await store.readStream(incidentStream(incidentId));
  return {
    events,
    state: replayIncident(events),
    version: events.length === 0 ? 0 : events[events.length - 1]!.streamPosition,
  };
}
