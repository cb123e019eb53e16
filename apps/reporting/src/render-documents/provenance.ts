import { UnprocessableEntityException } from '@nestjs/common';
import type { SourcedFact } from '@yuqing/service-kit';
import { NOT_RENDERABLE } from './not-renderable';

// Where each figure of a document comes from (issue 23): every number and list a document states is a fact that
// names the events it was read from, the path in each event's data, and the value found there. An auditor (or a
// test) recomputes the figure from these alone and checks each cited event in the log.

/** An event of this service's log as the documents read it. */
export interface LoggedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** `path` in the data of `event` (dot-separated), as cited: the event, the path and the value found. */
export function cite(
  event: LoggedEvent,
  path: string,
): { eventId: string; type: string; path: string; value: unknown } {
  let value: unknown = event.data;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return { eventId: event.eventId, type: event.type, path, value };
}

/**
 * Refuses a document stating a figure no event backs: a figure without a source is a rendering error, not a blank.
 * A fact may cite nothing only where it states an absence (an empty list: 未分类, no figures).
 */
export function assertSourced(document: string, facts: readonly SourcedFact[]): void {
  const unsourced = facts.filter(
    (f) => f.from.length === 0 && !(Array.isArray(f.value) && f.value.length === 0),
  );
  if (unsourced.length > 0) {
    throw new UnprocessableEntityException({
      message: `the ${document} states ${unsourced.map((f) => f.field).join(', ')} without a source event`,
      rule: NOT_RENDERABLE,
    });
  }
}
