import { gradingStreams, type RecordedEvent } from '@yuqing/contracts';
import type { PostgresEventStore } from '@yuqing/event-store';
import { replayIncident, type IncidentGradeState } from '@yuqing/grading-domain';

export interface LoadedIncident {
  readonly events: readonly RecordedEvent[];
  readonly state: IncidentGradeState;
  readonly version: number;
}

/** Reads and folds an incident's grading stream from zero, as the deciders and an auditor do. */
export async function loadIncident(store: PostgresEventStore, incidentId: string): Promise<LoadedIncident> {
  const events = await store.readStream(gradingStreams.incident.id(incidentId));
  return {
    events,
    state: replayIncident(events),
    version: events.length === 0 ? 0 : events[events.length - 1]!.streamPosition,
  };
}
