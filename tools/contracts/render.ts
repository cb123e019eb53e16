// Renders the event documentation in docs/events from libs/contracts: one JSON Schema per event and command
// version, an AsyncAPI 3.0.0 document, and a README catalogue. Pure: the same contracts give the same bytes, so
// a test can compare the result with the checked-in files (see render.unit.spec.ts) and generate.ts writes it.
import { z } from 'zod';
import {
  CLOUDEVENTS_SPEC_VERSION,
  cloudEventHeadersSchema,
  commandCatalogue,
  eventCatalogue,
  eventSource,
  eventsTopic,
  type CommandDefinition,
  type ContextName,
  type EventDefinition,
} from '@yuqing/contracts';

/** Where the docs live, relative to the repository root. */
export const DOCS_DIR = 'docs/events';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** File path (relative to DOCS_DIR, `/`-separated) → content. Sorted by path. */
export function renderEventDocs(
  events: readonly EventDefinition[] = eventCatalogue.all,
  commands: readonly CommandDefinition[] = commandCatalogue.all,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const event of events) files.set(eventSchemaFile(event), stableJson(eventSchemaDocument(event)));
  for (const command of commands)
    files.set(commandSchemaFile(command), stableJson(commandSchemaDocument(command)));
  files.set('asyncapi.json', stableJson(asyncApiDocument(events)));
  files.set('README.md', readme(events, commands));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function eventSchemaFile(event: EventDefinition): string {
  return `${event.type}.v${event.schemaVersion}.schema.json`;
}

export function commandSchemaFile(command: CommandDefinition): string {
  return `commands/${command.type}.v${command.schemaVersion}.schema.json`;
}

// ---- JSON Schema (draft 2020-12), one file per version ----

function eventSchemaDocument(event: EventDefinition): JsonObject {
  return {
    ...jsonSchema(event.schema, 'draft-2020-12'),
    $id: `urn:yuqing:event:${event.type}:v${event.schemaVersion}`,
    title: `${event.type} v${event.schemaVersion}`,
    description: event.description,
  };
}

function commandSchemaDocument(command: CommandDefinition): JsonObject {
  return {
    ...jsonSchema(command.schema, 'draft-2020-12'),
    $id: `urn:yuqing:command:${command.type}:v${command.schemaVersion}`,
    title: `${command.type} v${command.schemaVersion}`,
    description: command.description,
  };
}

/** The payload as a reader sees it: `io: 'input'`, so an event schema does not forbid fields added later. */
function jsonSchema(schema: z.ZodType, target: 'draft-2020-12' | 'draft-7'): JsonObject {
  return z.toJSONSchema(schema, { target, io: 'input' }) as JsonObject;
}

/** A schema to inline into another document, where `$schema` does not belong. */
function inlineSchema(schema: z.ZodType): JsonObject {
  // AsyncAPI's default schema format is a superset of JSON Schema draft-07.
  const { $schema: _ignored, ...rest } = jsonSchema(schema, 'draft-7');
  return rest;
}

// ---- AsyncAPI 3.0.0 ----

const KAFKA_BINDING_VERSION = '0.5.0';

function messageKey(event: EventDefinition): string {
  return `${event.type}.v${event.schemaVersion}`;
}

function asyncApiDocument(events: readonly EventDefinition[]): JsonObject {
  const contexts = contextsOf(events);
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};

  for (const context of contexts) {
    const own = events.filter((e) => e.context === context);
    channels[context] = {
      address: eventsTopic(context),
      title: `${context} events`,
      description: `Every event of the ${context} context, keyed by stream id.`,
      messages: Object.fromEntries(
        own.map((e) => [messageKey(e), { $ref: `#/components/messages/${messageKey(e)}` }]),
      ),
    };
    operations[`publish-${context}-events`] = {
      action: 'send',
      title: `The ${context} service publishes its events`,
      channel: { $ref: `#/channels/${context}` },
      messages: own.map((e) => ({ $ref: `#/channels/${context}/messages/${messageKey(e)}` })),
    };
    for (const event of own) messages[messageKey(event)] = asyncApiMessage(event);
  }

  return {
    asyncapi: '3.0.0',
    id: 'urn:yuqing:events',
    info: {
      title: 'yuqing events',
      version: '1.0.0',
      description:
        'Events of the yuqing public-opinion (舆情) platform, one Kafka topic per bounded context. Message values ' +
        'are JSON payloads; headers are CloudEvents 1.0 attributes in binary mode plus traceparent and tenant. ' +
        'Generated from libs/contracts by `npm run contracts:generate`.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

function asyncApiMessage(event: EventDefinition): JsonObject {
  return {
    name: event.name,
    title: `${event.type} v${event.schemaVersion}`,
    summary: event.description,
    contentType: 'application/json',
    headers: messageHeaders(event),
    // The value as published: the payload plus the `tenant` the relay stamps (ADR 0011).
    payload: inlineSchema(event.publishedSchema),
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description: 'The stream id (`<context>-<aggregate>-<uuid>`), as in ce_subject.',
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

/** The shared header schema, with the attributes that are fixed for this event pinned to their values. */
function messageHeaders(event: EventDefinition): JsonObject {
  const headers = inlineSchema(cloudEventHeadersSchema);
  const properties = headers.properties as JsonObject;
  const pin = (name: string, value: string) => ({ ...(properties[name] as JsonObject), const: value });
  return {
    ...headers,
    properties: {
      ...properties,
      ce_specversion: pin('ce_specversion', CLOUDEVENTS_SPEC_VERSION),
      ce_type: pin('ce_type', event.type),
      ce_source: pin('ce_source', eventSource(event.context)),
      ce_schemaversion: pin('ce_schemaversion', String(event.schemaVersion)),
    },
  };
}

// ---- README ----

function readme(events: readonly EventDefinition[], commands: readonly CommandDefinition[]): string {
  const headers = inlineSchema(cloudEventHeadersSchema);
  const headerProperties = headers.properties as Record<string, { description?: string }>;
  const required = new Set(headers.required as string[]);

  return [
    '# Event catalogue',
    '',
    '> Generated from `libs/contracts` by `npm run contracts:generate`. Do not edit by hand: change the',
    '> contract, regenerate, and commit both. A unit test fails while the two disagree.',
    '',
    'Each bounded context publishes its events on one Kafka topic, `yuqing.<context>.events.v1`, keyed by stream',
    'id. The message value is the JSON payload described by the schema beside this file; the headers are',
    'CloudEvents 1.0 attributes in binary mode (see [Headers](#headers)). The whole is described for tools in',
    '[asyncapi.json](asyncapi.json) (AsyncAPI 3.0.0). Who acted, for which org unit and in answer to what',
    '(actor, org unit, correlation and causation) travel in the event metadata, never in stored payloads.',
    'The published message value adds one field to the payload: `tenant`, the org unit of the event (its',
    'metadata orgUnit), stamped by the publishing relay; consumers take the org unit from it, and a message',
    'whose `tenant` header disagrees goes to the dead-letter topic (ADR 0011).',
    '',
    '## Events',
    '',
    table(
      ['Type', 'Version', 'Topic', 'Description', 'Schema'],
      events.map((e) => [
        `\`${e.type}\``,
        String(e.schemaVersion),
        `\`${e.topic}\``,
        e.description,
        `[schema](${eventSchemaFile(e)})`,
      ]),
    ),
    '',
    '## Public commands',
    '',
    'Inputs that services accept from the console, integrators and crawlers. Unknown fields are refused.',
    '',
    table(
      ['Type', 'Version', 'Description', 'Schema'],
      commands.map((c) => [
        `\`${c.type}\``,
        String(c.schemaVersion),
        c.description,
        `[schema](${commandSchemaFile(c)})`,
      ]),
    ),
    '',
    '## Headers',
    '',
    table(
      ['Header', 'Required', 'Description'],
      Object.entries(headerProperties).map(([name, schema]) => [
        `\`${name}\``,
        required.has(name) ? 'yes' : 'no',
        schema.description ?? '',
      ]),
    ),
    '',
    '## Versioning',
    '',
    '- A change that an existing reader could misread (a field removed, renamed, retyped, made required, or',
    '  given a new meaning) is a new schema version; the old version stays in the catalogue and upcasters turn',
    '  stored old events into the new shape on read. Stored events are never rewritten.',
    '- Adding an optional field keeps the version. Readers ignore fields they do not know.',
    '',
  ].join('\n');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A Markdown table cell: one line, no column breaks. */
function cell(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}

// ---- helpers ----

function contextsOf(events: readonly EventDefinition[]): ContextName[] {
  const seen: ContextName[] = [];
  for (const event of events) if (!seen.includes(event.context)) seen.push(event.context);
  return seen;
}

/** JSON with object keys sorted at every level, two-space indented, with a trailing newline. */
export function stableJson(value: Json): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key] as Json)]),
  );
}
