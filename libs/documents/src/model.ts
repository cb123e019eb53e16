import { z } from 'zod';
import { platform, type Platform } from '@yuqing/contracts';
import { DocumentInputError } from './errors';
import { cleanLine, cleanText } from './text/clean';

// Building blocks for the input models. Text is cleaned and bounded rather than refused: a hostile title still
// yields a document a leader can read. Structure (missing fields, bad dates, unknown codes) is refused with a
// one-line DocumentInputError.

/** A point in time: a Date, or ISO 8601 with an offset as the API and events carry it. */
export type Instant = string | Date;

/** Beyond this a field is refused outright: cleaning is linear, but there is no reason to accept megabytes. */
const RAW_MAX = 200_000;

const raw = z.string().max(RAW_MAX, `longer than ${RAW_MAX} characters`);

/** A required single line, cleaned and cut to `max` code points. */
export function lineField(max: number) {
  return raw.transform((s) => cleanLine(s, max)).pipe(z.string().min(1, 'empty'));
}

/** An optional single line; empty after cleaning counts as absent. */
export function optionalLineField(max: number) {
  return raw.transform((s) => cleanLine(s, max) || undefined).optional();
}

/** Required free text with paragraphs. */
export function textField(max: number) {
  return raw.transform((s) => cleanText(s, max)).pipe(z.string().min(1, 'empty'));
}

export const instantField = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === 'string' ? new Date(v) : v))
  .refine((d) => !Number.isNaN(d.getTime()), 'invalid date');

/** A web address shown as text only (never a link); anything but a well-formed http(s) URL is dropped. */
export const urlField = raw
  .transform((s): string | undefined => {
    const candidate = cleanLine(s, 2048);
    try {
      const url = new URL(candidate);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  })
  .optional();

export const idField = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'not an id');

/** A list of lines, each cleaned; empties dropped. */
export function linesField(itemMax: number, maxItems: number) {
  return z
    .array(raw.transform((s) => cleanLine(s, itemMax)))
    .max(maxItems, `more than ${maxItems} items`)
    .transform((items) => items.filter((s) => s.length > 0));
}

/** Where an opinion appeared. */
export interface ReportSource {
  /** 来源: the outlet or account, e.g. 云南网, or a Weibo account name. */
  readonly outlet: string;
  readonly platform: Platform;
  readonly url?: string;
  readonly publishedAt?: Instant;
}

export const sourceSchema = z.object({
  outlet: lineField(60),
  platform,
  url: urlField,
  publishedAt: instantField.optional(),
});
export type ParsedSource = z.output<typeof sourceSchema>;

/**
 * A person a document names (签批人, 报送人, 接报人): by name, post and unit as they were when they signed or sent,
 * never by an account id.
 */
export interface Person {
  readonly name: string;
  /** 职务, e.g. 宜良县委常委、宣传部部长. */
  readonly post?: string;
  /** Their unit, e.g. 宜良县委网信办. */
  readonly unit?: string;
}

export const personSchema = z.object({
  name: lineField(40),
  post: optionalLineField(100),
  unit: optionalLineField(60),
});

/** 王建国（宜良县委常委、宣传部部长，宜良县委） — or the name alone when nothing else is known. */
export function formatPerson(person: Person): string {
  const about = [person.post, person.unit].filter((part): part is string => Boolean(part));
  return about.length > 0 ? `${person.name}（${about.join('，')}）` : person.name;
}

/** Validates and cleans an input model, or throws a DocumentInputError naming the fields. */
export function parseModel<S extends z.ZodType>(schema: S, input: unknown, document: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DocumentInputError(
    document,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}
