import { z } from 'zod';
import { instant } from './fields';
import type { ContextName } from './topics';

// The Kafka headers every published event carries: CloudEvents 1.0 in binary mode (attributes as `ce_*` headers,
// the payload as the message value), yuqing's envelope metadata as CloudEvents extensions (lower-case, no
// separators), W3C trace context, and the tenant (org unit). libs/messaging writes and reads exactly these.

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** `ce_source` of a context's events: a URI reference naming the publishing service. */
export function eventSource(context: ContextName): string {
  return `/yuqing/${context}`;
}

/** Header values are strings; these carry whole numbers. */
const decimal = (description: string) =>
  z
    .string()
    .max(20)
    .regex(/^[0-9]+$/)
    .describe(description);

export const cloudEventHeadersSchema = z.object({
  ce_specversion: z.literal(CLOUDEVENTS_SPEC_VERSION).describe('CloudEvents specification version.'),
  ce_id: z.string().min(1).max(100).describe('The event id (UUIDv7); consumers deduplicate on it.'),
  ce_type: z
    .string()
    .max(200)
    .regex(/^[a-z]+\.[A-Z][A-Za-z0-9]+$/)
    .describe('The event type, `<context>.<EventName>`.'),
  ce_source: z.string().min(1).max(200).describe('The publishing service, `/yuqing/<context>`.'),
  ce_time: instant('When the event was recorded (RFC 3339).'),
  ce_subject: z
    .string()
    .min(1)
    .max(300)
    .describe('The stream id, `<context>-<aggregate>-<uuid>`; also the Kafka message key.'),
  'content-type': z.literal('application/json').describe('CloudEvents `datacontenttype` in binary mode.'),
  ce_schemaversion: decimal('The payload schema version; with ce_type it names the contract.'),
  ce_streamposition: decimal('1-based position of the event in its stream.'),
  ce_globalposition: decimal("Position in the publishing service's global log."),
  ce_correlationid: z
    .string()
    .min(1)
    .max(200)
    .describe('Metadata correlationId: shared by a whole chain of events.'),
  ce_causationid: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Metadata causationId: the event or command this one answered.'),
  ce_actor: z.string().min(1).max(1000).describe('Metadata actor, as JSON (`{"kind","id","role"}`).'),
  ce_ruleversion: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Metadata ruleVersion, where a rule decided.'),
  tenant: z.string().min(1).max(200).describe('The org unit the event concerns (metadata orgUnit).'),
  ce_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe(
      "The event's hash-chain hash in the publisher's log (hex SHA-256): a link auditors can verify.",
    ),
  traceparent: z
    .string()
    .max(200)
    .optional()
    .describe('W3C trace context of the request that produced the event.'),
  tracestate: z.string().max(500).optional().describe('W3C trace state, when the trace has one.'),
});
export type CloudEventHeaders = z.infer<typeof cloudEventHeadersSchema>;
