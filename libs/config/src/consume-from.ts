import { z } from 'zod';

/**
 * Where a service's new consumer groups start reading other contexts' topics: `earliest` (a new deployment
 * learns what is already there) or an ISO 8601 time (a deployment that starts afresh, or a test that must not
 * read what earlier runs left on a shared broker). A group that has committed resumes where it stopped.
 */
export const consumeFromSchema = z
  .union([z.literal('earliest'), z.iso.datetime({ offset: true })])
  .default('earliest');

/** The consumer's start position for a `CONSUME_FROM` value. */
export function startFromOf(value: string): 'earliest' | { readonly timestamp: number } {
  return value === 'earliest' ? 'earliest' : { timestamp: Date.parse(value) };
}
