import { z } from 'zod';
import { eventMetadataSchema, type NewEvent } from './envelope';
import { CONTEXTS, eventsTopic, type ContextName } from './topics';

// The definition API: one call per event or public command declares its name, version, topic, description and
// payload schema. Types, validation, the catalogue and the generated docs (docs/events) all derive from it.

/** Any zod object schema: what an event payload or a command payload is. */
export type ObjectSchema = z.ZodObject<z.core.$ZodShape, z.core.$ZodObjectConfig>;

/** One problem found in a payload, at a field path such as `grade.level` or `evidence[0].id`. */
export interface ContractIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Data did not match its contract. The message names every offending field path (never the offending value:
 * captured content is hostile and messages end up in logs); `issues` lists them for RFC 9457 `errors[]`.
 */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';

  constructor(
    /** The contract, as `<type> v<version>`. */
    readonly contract: string,
    readonly issues: readonly ContractIssue[],
  ) {
    const shown = issues.slice(0, 10).map((i) => `${i.path}: ${i.message}`);
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
    super(`${contract}: invalid data: ${shown.join('; ')}`);
  }
}

export type SafeParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: ContractViolationError };

/** What events and commands share: a typed, versioned, described payload schema with validation. */
interface ContractDefinition<
  Context extends ContextName,
  Name extends string,
  Version extends number,
  Schema extends ObjectSchema,
> {
  readonly context: Context;
  readonly name: Name;
  /** `<context>.<Name>`, e.g. `grading.GradeConfirmed`. */
  readonly type: `${Context}.${Name}`;
  /** Integer version of the payload schema; a breaking change is a new version, never an edit. */
  readonly schemaVersion: Version;
  /** English, with the Chinese term where the domain has one, e.g. "Bulletin signed off (签批)". */
  readonly description: string;
  readonly schema: Schema;
  /** Validates and returns the typed payload; throws ContractViolationError naming each bad field. */
  parse(data: unknown): z.output<Schema>;
  /** Like parse, without throwing: for consumers that route bad messages to a dead-letter topic. */
  safeParse(data: unknown): SafeParseResult<z.output<Schema>>;
}

export interface EventDefinition<
  Context extends ContextName = ContextName,
  Name extends string = string,
  Version extends number = number,
  Schema extends ObjectSchema = ObjectSchema,
> extends ContractDefinition<Context, Name, Version, Schema> {
  readonly kind: 'event';
  /** The Kafka topic the event is published on: its context's `yuqing.<context>.events.v1`. */
  readonly topic: string;
  /** Validates the payload and stamps type and version: an event ready to append to a stream. */
  create(data: z.input<Schema>): NewEvent<`${Context}.${Name}`, z.output<Schema>>;
  /**
   * The payload as published on Kafka: the data plus `tenant`, the org unit of the event (its metadata orgUnit),
   * which the relay stamps into every message value (ADR 0011). Stored events do not carry it.
   */
  readonly publishedSchema: PublishedSchema<Schema>;
  /** Validates a published message value; throws ContractViolationError naming each bad field. */
  parsePublished(value: unknown): Published<z.output<Schema>>;
  /** Like parsePublished, without throwing: for consumers that route bad messages to a dead-letter topic. */
  safeParsePublished(value: unknown): SafeParseResult<Published<z.output<Schema>>>;
}

/** The org unit a published event concerns, as the `tenant` field of its message value. */
export const publishedTenantSchema = eventMetadataSchema.shape.orgUnit.describe(
  'The org unit the event concerns (its metadata orgUnit), stamped by the publishing relay.',
);

/** An event's schema with the published `tenant` field. */
export type PublishedSchema<Schema extends ObjectSchema> = z.ZodObject<
  z.core.util.Extend<Schema['shape'], { tenant: typeof publishedTenantSchema }>,
  Schema['_zod']['config']
>;

/** A published payload: the event's data and the org unit it concerns. */
export type Published<Data> = Data & { readonly tenant: string };

export interface CommandDefinition<
  Context extends ContextName = ContextName,
  Name extends string = string,
  Version extends number = number,
  Schema extends ObjectSchema = ObjectSchema,
> extends ContractDefinition<Context, Name, Version, Schema> {
  readonly kind: 'command';
}

/** The payload type of an event definition: `EventData<typeof GradeConfirmed>`. */
export type EventData<D extends EventDefinition> = z.output<D['schema']>;
/** The payload type of a command definition: `CommandPayload<typeof ConfirmGrade>`. */
export type CommandPayload<D extends CommandDefinition> = z.output<D['schema']>;

export interface DefinitionSpec<Context extends ContextName, Name extends string, Version extends number> {
  readonly context: Context;
  /** PascalCase; an event's name is past tense (`GradeConfirmed`), a command's imperative (`ConfirmGrade`). */
  readonly name: Name;
  readonly version: Version;
  readonly description: string;
}

/** Declares an event. The payload holds facts in domain words; who, where and why are in the envelope. */
export function defineEvent<
  const Context extends ContextName,
  const Name extends string,
  const Version extends number,
  Schema extends ObjectSchema,
>(
  spec: DefinitionSpec<Context, Name, Version> & { readonly data: Schema },
): EventDefinition<Context, Name, Version, Schema> {
  const base = contract(spec, spec.data);
  const publishedSchema = spec.data.extend({ tenant: publishedTenantSchema }) as PublishedSchema<Schema>;
  const label = `${base.type} v${base.schemaVersion} (published)`;
  const safeParsePublished = (value: unknown): SafeParseResult<Published<z.output<Schema>>> => {
    const result = publishedSchema.safeParse(value);
    if (result.success) return { success: true, data: result.data as Published<z.output<Schema>> };
    return { success: false, error: new ContractViolationError(label, toIssues(result.error)) };
  };
  return Object.freeze({
    ...base,
    kind: 'event' as const,
    topic: eventsTopic(spec.context),
    publishedSchema,
    safeParsePublished,
    parsePublished: (value: unknown) => {
      const result = safeParsePublished(value);
      if (!result.success) throw result.error;
      return result.data;
    },
    create: (data: z.input<Schema>) => ({
      type: base.type,
      schemaVersion: base.schemaVersion,
      data: base.parse(data),
    }),
  });
}

/** Declares a public command (an HTTP or integrator input). Use `z.strictObject` so unknown fields are refused. */
export function defineCommand<
  const Context extends ContextName,
  const Name extends string,
  const Version extends number,
  Schema extends ObjectSchema,
>(
  spec: DefinitionSpec<Context, Name, Version> & { readonly payload: Schema },
): CommandDefinition<Context, Name, Version, Schema> {
  return Object.freeze({ ...contract(spec, spec.payload), kind: 'command' as const });
}

const PASCAL_CASE = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*$/;

function contract<
  Context extends ContextName,
  Name extends string,
  Version extends number,
  Schema extends ObjectSchema,
>(
  spec: DefinitionSpec<Context, Name, Version>,
  schema: Schema,
): ContractDefinition<Context, Name, Version, Schema> {
  // A malformed definition is a programming error: fail at import time, not when the first message arrives.
  if (!(CONTEXTS as readonly string[]).includes(spec.context)) {
    throw new Error(`contract ${spec.name}: unknown context "${spec.context}"`);
  }
  if (!PASCAL_CASE.test(spec.name)) throw new Error(`contract ${spec.name}: name must be PascalCase`);
  if (!Number.isInteger(spec.version) || spec.version < 1) {
    throw new Error(`contract ${spec.name}: version must be a positive integer`);
  }
  if (spec.description.trim() === '') throw new Error(`contract ${spec.name}: description is required`);

  const type = `${spec.context}.${spec.name}` as const;
  const label = `${type} v${spec.version}`;
  const safeParse = (data: unknown): SafeParseResult<z.output<Schema>> => {
    const result = schema.safeParse(data);
    if (result.success) return { success: true, data: result.data };
    return { success: false, error: new ContractViolationError(label, toIssues(result.error)) };
  };
  return {
    context: spec.context,
    name: spec.name,
    type,
    schemaVersion: spec.version,
    description: spec.description,
    schema,
    safeParse,
    parse: (data: unknown) => {
      const result = safeParse(data);
      if (!result.success) throw result.error;
      return result.data;
    },
  };
}

function toIssues(error: z.ZodError): ContractIssue[] {
  return error.issues.flatMap((issue): ContractIssue[] => {
    // An unknown key is the one part of an issue that comes from the input: report each as its own field,
    // shortened and stripped of control characters, since it is attacker-chosen text.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.slice(0, 10).map((key) => ({
        path: formatPath([...issue.path, tame(key)]),
        message: 'is not a known field',
      }));
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}

function tame(key: string): string {
  const printable = key.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 64 ? `${printable.slice(0, 64)}…` : printable;
}

/** `['evidence', 0, 'id']` → `evidence[0].id`; the payload itself is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
