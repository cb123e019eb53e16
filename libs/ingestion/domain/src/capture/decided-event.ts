import type { EventData, EventDefinition, NewEvent } from '@yuqing/contracts';

/**
 * An event whose payload our own pipeline built from input already validated at the edge (CaptureItem), typed by
 * its contract but not parsed again: the hot path captures hundreds of items a second, and a second zod pass per
 * event proved nothing new. Only data that holds the contract by construction may come here; where a derived field
 * could break it (see `capturedFitsContract`), use `definition.create`, which refuses it. Tests parse every event
 * the pipeline writes with its contract (apps/ingestion capture.int.spec.ts).
 */
export function decided<D extends EventDefinition>(
  definition: D,
  data: EventData<D>,
): NewEvent<D['type'], EventData<D>> {
  return { type: definition.type, schemaVersion: definition.schemaVersion, data };
}

/**
 * Whether an ItemCaptured built from a valid CaptureItem certainly meets its contract. Normalising can empty a
 * title or text, percent-encoding can lengthen an address, and rules are not bounded like the event's lists: those
 * rare items take the full parse (and its refusal) instead.
 */
export function capturedFitsContract(item: {
  readonly title: string;
  readonly text: string;
  readonly canonicalUrl: string;
  readonly matchedRules: readonly unknown[];
  readonly matchedTerms: readonly string[];
}): boolean {
  return (
    item.title.length > 0 &&
    item.text.length > 0 &&
    item.canonicalUrl.length <= 2048 &&
    item.matchedRules.length <= 50 &&
    item.matchedTerms.every((term) => term.length > 0 && term.length <= 100)
  );
}
