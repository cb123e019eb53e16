import type { IHeaders } from 'kafkajs';
import { eventMetadataSchema, type EventMetadata, type RecordedEvent } from '@yuqing/contracts';

/**
 * Kafka headers of an event in CloudEvents binary mode: the value is the payload, the attributes are `ce_*`
 * headers. yuqing's own attributes are CloudEvents extensions (lower-case, no separators).
 */
export function toHeaders(event: RecordedEvent, source: string): Record<string, string> {
  const m = event.metadata;
  return {
    ce_specversion: '1.0',
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
    ...(m.traceparent ? { traceparent: m.traceparent } : {}),
    ...(m.tracestate ? { tracestate: m.tracestate } : {}),
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
  readonly time: Date;
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

/** Reads a CloudEvents binary-mode message back into an event; throws MalformedMessageError when it is not one. */
export function fromMessage(headers: Record<string, string>, value: Buffer | null): ConsumedEvent {
  const required = [
    'ce_id',
    'ce_type',
    'ce_source',
    'ce_time',
    'ce_subject',
    'ce_correlationid',
    'ce_actor',
    'tenant',
  ];
  const missing = required.filter((name) => !headers[name]);
  if (missing.length > 0) throw new MalformedMessageError(`missing headers ${missing.join(', ')}`);
  let data: unknown;
  let actor: unknown;
  try {
    data = value === null ? null : JSON.parse(value.toString('utf8'));
    actor = JSON.parse(headers.ce_actor!);
  } catch (error) {
    throw new MalformedMessageError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const metadata = eventMetadataSchema.safeParse({
    orgUnit: headers.tenant,
    actor,
    correlationId: headers.ce_correlationid,
    causationId: headers.ce_causationid,
    traceparent: headers.traceparent,
    tracestate: headers.tracestate,
    ruleVersion: headers.ce_ruleversion,
  });
  if (!metadata.success) throw new MalformedMessageError(metadata.error.issues[0]?.message ?? 'bad metadata');
  return {
    eventId: headers.ce_id!,
    type: headers.ce_type!,
    schemaVersion: Number(headers.ce_schemaversion ?? 1),
    source: headers.ce_source!,
    streamId: headers.ce_subject!,
    streamPosition: Number(headers.ce_streamposition ?? 0),
    time: new Date(headers.ce_time!),
    data,
    metadata: metadata.data,
    headers,
  };
}
