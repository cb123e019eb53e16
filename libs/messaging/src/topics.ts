import { CONTEXTS, eventsTopic, type ContextName, type RecordedEvent } from '@yuqing/contracts';

/** The context's public topic for an event, from its type's prefix (`grading.GradeConfirmed` → grading). */
export function topicByContext(event: Pick<RecordedEvent, 'type'>): string {
  const context = event.type.slice(0, event.type.indexOf('.'));
  if (!(CONTEXTS as readonly string[]).includes(context))
    throw new Error(`event type ${event.type} names no known context`);
  return eventsTopic(context as ContextName);
}
