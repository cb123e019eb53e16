import {
  FirstResponseDeadlineChanged,
  guidanceStreams,
  ResponseArranged,
  ResponsePlanOpened,
  type EventData,
} from '@yuqing/contracts';
import type { EventStoreTransaction } from '@yuqing/event-store';
import type { GuidanceDeadlines } from './guidance-deadlines';

/** The subject kind of an incident's first-response deadline in `due_work` (DEADLINE_SUBJECTS). */
export const FIRST_RESPONSE = 'first-response';

/**
 * Schedules the first-response deadline a response decision set (the plan opened, arranged by hand, or brought
 * forward by a grade), in the decision's transaction. A deadline moved earlier leaves the old wake-ups in place:
 * they find nothing due when they come (moot), since the decider judges from the stream.
 */
export async function scheduleFirstResponse(
  deadlines: GuidanceDeadlines,
  tx: Pick<EventStoreTransaction, 'client'>,
  incidentId: string,
  orgUnit: string,
  events: readonly { readonly type: string; readonly data: unknown }[],
): Promise<void> {
  for (const event of events) {
    const set = deadlineOf(event);
    if (!set) continue;
    await deadlines.register(tx, {
      streamId: guidanceStreams.response.id(incidentId),
      subjectKind: FIRST_RESPONSE,
      subjectId: incidentId,
      dueAt: set.dueAt,
      ...(set.remindAt ? { remindAt: set.remindAt } : {}),
      orgUnit,
    });
  }
}

function deadlineOf(event: {
  readonly type: string;
  readonly data: unknown;
}): { dueAt: string; remindAt?: string } | undefined {
  switch (event.type) {
    case ResponsePlanOpened.type:
    case ResponseArranged.type: {
      const data = event.data as EventData<typeof ResponsePlanOpened> | EventData<typeof ResponseArranged>;
      if (!data.firstResponseDueAt) return undefined;
      return {
        dueAt: data.firstResponseDueAt,
        ...(data.firstResponseRemindAt ? { remindAt: data.firstResponseRemindAt } : {}),
      };
    }
    case FirstResponseDeadlineChanged.type: {
      const data = event.data as EventData<typeof FirstResponseDeadlineChanged>;
      return { dueAt: data.dueAt, ...(data.remindAt ? { remindAt: data.remindAt } : {}) };
    }
    default:
      return undefined;
  }
}
