import { DomainRuleError } from './domain-error';

/** Refuses a command by a domain rule (HTTP 422 with the rule's id); for deciders' expressions. */
export function refuse(rule: string, message: string, field?: string): never {
  throw new DomainRuleError(rule, message, field);
}

/** `{ [key]: value }` when the value is defined, else `{}`: optional event fields stay absent, never `undefined`. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
