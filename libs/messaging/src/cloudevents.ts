import type { IHeaders } from 'kafkajs';
import {
  CLOUDEVENTS_SPEC_VERSION,
  cloudEventHeadersSchema,
  eventMetadataSchema,
  type CloudEventHeaders,
  type EventMetadata,
  type RecordedEvent,
} from '@yuqing/contracts';

/**
 * Kafka headers of an event in CloudEvents binary mode: the value is the payload, the attributes are `ce_*`
 * headers. The header contract (libs/contracts cloudEventHeadersSchema) is what the AsyncAPI document shows.
 */
export function toHeaders(event: RecordedEvent, source: string): CloudEventHeaders {
  const m = event.metadata;
  return {
    ce_specversion: CLOUDEVENTS_SPEC_VERSION,
    ce_id: event.eventId,
    ce_type: event.type,
    ce_source: source,
    ce_time: event.recordedAt.toISOString(),
    ce_subject: event.streamId,
    'content-type': 'application/json',
    ce_schemaversion: String(event.schemaVersion),
    ce_streamposition: String(event.streamPosition),
    ce_globalposition: event.globalPosition,
    ce_correlationid: m.correlationId,
    ...(m.causationId ? { ce_causationid: m.causationId } : {}),
    ce_actor: JSON.stringify(m.actor),
    ...(m.ruleVersion ? { ce_ruleversion: m.ruleVersion } : {}),
    tenant: m.orgUnit,
    ...(event.hash ? { ce_hash: event.hash } : {}),
    ...(m.traceparent ? { traceparent: m.traceparent } : {}),
    ...(m.tracestate ? { tracestate: m.tracestate } : {}),
  };
}

/**
 * The message value of an event: its payload with `tenant`, the event's org unit (metadata orgUnit), in front
 * (ADR 0011). Spliced into the serialised payload: the capture path publishes thousands of events a second, and a
 * copy of each payload object plus a second serialisation would be spent on one field.
 */
export function publishedValue(data: unknown, orgUnit: string): string {
  const json = JSON.stringify(data ?? null);
  const tenant = `"tenant":${JSON.stringify(orgUnit)}`;
  if (json === '{}') return `{${tenant}}`;
  // Every contract's payload is an object; anything else is published as it is, and consumers refuse it.
  return json.startsWith('{') ? `{${tenant},${json.slice(1)}` : json;
}

/** An event as the relay publishes it: keyed by stream, the stamped payload as value, CloudEvents headers. */
export function toMessage(
  event: RecordedEvent,
  source: string,
): { key: string; value: string; headers: CloudEventHeaders } {
  return {
    key: event.streamId,
    value: publishedValue(event.data, event.metadata.orgUnit),
    headers: toHeaders(event, source),
  };
}

/** An event as a consumer receives it from Kafka. */
export interface ConsumedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly source: string;
  readonly streamId: string;
  readonly streamPosition: number;
  /** The hash-chain hash the publisher sent (`ce_hash`), when it sent one. */
  readonly hash?: string;
  readonly time: Date;
  /**
   * The org unit the event concerns. Read with a contract, it is the payload's `tenant` (checked against the
   * header); read raw (`fromMessage` alone), the `tenant` header. `metadata.orgUnit` is the same value.
   */
  readonly orgUnit: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly headers: Record<string, string>;
}

export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(`malformed event message: ${reason}`);
    this.name = 'MalformedMessageError';
  }
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a CloudEvents binary-mode message back into an event; throws MalformedMessageError when it is not one. */
export function fromMessage(headers: Record<string, string>, value: Buffer | null): ConsumedEvent {
  const parsed = cloudEventHeadersSchema.safeParse(headers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedMessageError(
      `header ${issue?.path.map(String).join('.') || '?'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const h = parsed.data;
  // Event ids are UUIDs (the event store makes them); anything else, a newline above all, is someone else's message
  // and would be written into SSE frames and logs as it is.
  if (!UUID.test(h.ce_id)) throw new MalformedMessageError('header ce_id: not a UUID');
  let data: unknown;
  let actor: unknown;
  try {
    data = value === null ? null : JSON.parse(value.toString('utf8'));
    actor = JSON.parse(h.ce_actor);
  } catch (error) {
    throw new MalformedMessageError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const metadata = eventMetadataSchema.safeParse({
    orgUnit: h.tenant,
    actor,
    correlationId: h.ce_correlationid,
    causationId: h.ce_causationid,
    traceparent: h.traceparent,
    tracestate: h.tracestate,
    ruleVersion: h.ce_ruleversion,
  });
  if (!metadata.success) throw new MalformedMessageError(metadata.error.issues[0]?.message ?? 'bad metadata');
  return {
    eventId: h.ce_id,
    type: h.ce_type,
    schemaVersion: Number(h.ce_schemaversion),
    source: h.ce_source,
    streamId: h.ce_subject,
    streamPosition: Number(h.ce_streamposition),
    ...(h.ce_hash ? { hash: h.ce_hash } : {}),
    time: new Date(h.ce_time),
    orgUnit: metadata.data.orgUnit,
    data,
    metadata: metadata.data,
    headers,
  };
}
