import type { CommandDefinition, EventDefinition } from './define';
import { gradingCommands } from './commands/grading.commands';
import { identityCommands } from './commands/identity.commands';
import { ingestionCommands } from './commands/ingestion.commands';
import { reportingCommands } from './commands/reporting.commands';
import { reportingDutyCommands } from './commands/reporting-duty.commands';
import { gradingEvents } from './events/grading.events';
import { identityEvents } from './events/identity.events';
import { ingestionEvents } from './events/ingestion.events';
import { reportingEvents } from './events/reporting.events';
import { reportingDutyEvents } from './events/reporting-duty.events';
import { guidanceCommands } from './commands/guidance.commands';
import { guidanceEvents } from './events/guidance.events';
import { guidanceAccountEvents } from './events/guidance-accounts.events';
import { guidanceRequestEvents } from './events/guidance-requests.events';
import { guidanceAccountCommands } from './commands/guidance-accounts.commands';
import { guidanceRequestCommands } from './commands/guidance-requests.commands';
import { archiveCommands } from './commands/archive.commands';
import { archiveEvents } from './events/archive.events';
import { reviewCommands } from './commands/review.commands';
import { reviewEvents } from './events/review.events';
// @yuqing/tools:service inserts above this line (imports)

// The catalogue: every event and public command, looked up by (type, version). A consumer reading a message
// finds its definition here; the docs generator walks `all`.

interface Versioned {
  readonly type: string;
  readonly schemaVersion: number;
}

export interface Catalogue<D extends Versioned> {
  /** Every definition, in the order declared (by context, then in each context's lifecycle order). */
  readonly all: readonly D[];
  /** The definition of `type` at `version`, or undefined. A literal type narrows the result. */
  find<T extends string>(type: T, version: number): Extract<D, { type: T }> | undefined;
  /** Like find, but throws when the catalogue has no such type and version. */
  get<T extends string>(type: T, version: number): Extract<D, { type: T }>;
  /** Every version of a type, oldest first. */
  versionsOf(type: string): readonly D[];
}

export function createCatalogue<D extends Versioned>(definitions: readonly D[]): Catalogue<D> {
  const byKey = new Map<string, D>();
  for (const definition of definitions) {
    const key = keyOf(definition.type, definition.schemaVersion);
    if (byKey.has(key))
      throw new Error(`catalogue: ${definition.type} v${definition.schemaVersion} is defined twice`);
    byKey.set(key, definition);
  }
  const all = Object.freeze([...definitions]);
  const find = <T extends string>(type: T, version: number) =>
    byKey.get(keyOf(type, version)) as Extract<D, { type: T }> | undefined;
  return Object.freeze({
    all,
    find,
    get: <T extends string>(type: T, version: number) => {
      const found = find(type, version);
      if (found === undefined) throw new Error(`catalogue: no contract ${type} v${version}`);
      return found;
    },
    versionsOf: (type: string) =>
      all.filter((d) => d.type === type).sort((a, b) => a.schemaVersion - b.schemaVersion),
  });
}

function keyOf(type: string, version: number): string {
  return `${type}@${version}`;
}

// `satisfies` checks at compile time that everything listed is a definition of its kind.
const events = [
  ...identityEvents,
  ...ingestionEvents,
  ...gradingEvents,
  ...reportingEvents,
  ...reportingDutyEvents,
  ...guidanceEvents,
  ...guidanceRequestEvents,
  ...guidanceAccountEvents,
  ...archiveEvents,
  ...reviewEvents,
  // @yuqing/tools:service inserts above this line (events)
] as const satisfies readonly EventDefinition[];
const commands = [
  ...identityCommands,
  ...ingestionCommands,
  ...gradingCommands,
  ...reportingCommands,
  ...reportingDutyCommands,
  ...guidanceCommands,
  ...guidanceRequestCommands,
  ...guidanceAccountCommands,
  ...archiveCommands,
  ...reviewCommands,
  // @yuqing/tools:service inserts above this line (commands)
] as const satisfies readonly CommandDefinition[];

/** Every event definition this platform publishes. */
export type KnownEvent = (typeof events)[number];
/** Every event type string, e.g. `grading.GradeConfirmed`. */
export type KnownEventType = KnownEvent['type'];
/** Every public command definition. */
export type KnownCommand = (typeof commands)[number];

export const eventCatalogue: Catalogue<KnownEvent> = createCatalogue<KnownEvent>(events);
export const commandCatalogue: Catalogue<KnownCommand> = createCatalogue<KnownCommand>(commands);
