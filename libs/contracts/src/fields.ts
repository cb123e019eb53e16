import { z } from 'zod';

// Building blocks for payload fields. Every string is bounded: captured content is hostile, and an unbounded
// field lets one post fill a Kafka message, a database row or a reviewer's screen.

/** Letters, digits and `._:-`, starting with a letter or digit: safe in URLs, logs and stream ids. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** As for ids, plus `@/+` for versions such as `grading-rules@2026-01`. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]*$/;
/** One line of text: no line breaks and no other control characters. */
const SINGLE_LINE = /^[^\u0000-\u001f\u007f]*$/;
/** Free text: tabs and line breaks allowed, other control characters not. */
const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** An identifier (UUIDv7 for ids this platform assigns; other systems' ids pass as long as they are tame). */
export function id(description: string) {
  return z.string().min(1).max(100).regex(ID_PATTERN).describe(description);
}

/** A stable machine code such as a rule-set version or an error code. */
export function code(description: string, max = 100) {
  return z.string().min(1).max(max).regex(CODE_PATTERN).describe(description);
}

/** A short single-line text: a title, a name, an outlet. */
export function line(description: string, max: number) {
  return z.string().min(1).max(max).regex(SINGLE_LINE).describe(description);
}

/** Free text with line breaks: an item's body, a reason, findings, instructions. */
export function text(description: string, max: number) {
  return z.string().min(1).max(max).regex(MULTI_LINE).describe(description);
}

/** A point in time as ISO 8601 with an offset (`Z` or `+08:00`), as the API and the events carry it. */
export function instant(description: string) {
  return z.iso.datetime({ offset: true }).describe(description);
}

/** A web address; only http(s), since these are opened by monitors and crawlers. */
export function httpUrl(description: string) {
  return z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .describe(description);
}

/** A non-negative whole number, e.g. an engagement count. */
export function count(description: string) {
  return z.number().int().nonnegative().describe(description);
}

/** A list with an upper bound, so a payload stays small whatever the input. */
export function list<T extends z.ZodType>(item: T, max: number, description: string) {
  return z.array(item).max(max).describe(description);
}

/**
 * A figure a wording, a verification or a report states (统一数据, 核实的数据): what is counted, the number, its unit,
 * e.g. 受伤人数 3 人. Review compares a report's figures with those its unit had verified, by name.
 */
export const figure = z
  .object({
    name: line('What is counted, e.g. 受伤人数 / 受损车辆.', 200),
    value: z.number().finite().describe('The figure.'),
    unit: line('Its unit, e.g. 人 / 辆.', 50).optional(),
  })
  .describe('One figure: what is counted, how many, in what unit.');
export type Figure = z.infer<typeof figure>;

/**
 * The figures stated together (one verification's, one report's): at most `max`, each name once (compared without
 * surrounding spaces), so that two records' figures can be matched name by name.
 */
export function figures(description: string, max = 50) {
  return z
    .array(figure)
    .max(max)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        const name = item.name.trim();
        if (seen.has(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `figure name "${name}" appears more than once; state each figure once`,
            path: [index, 'name'],
          });
        }
        seen.add(name);
      });
    })
    .describe(description);
}

/** The version of the rule set or policy that decided, so a decision can be re-checked against its rules. */
export const ruleSetVersion = code(
  'Version of the rule set or policy that decided (e.g. `grading-rules@2026-01`).',
);

/** A reference to what decided something: an opinion item or an earlier event. */
export const evidenceRef = z
  .object({
    kind: z
      .enum(['item', 'event'])
      .describe('`item`: an opinion item (舆情信息); `event`: an earlier event, by event id.'),
    id: id('The item id or event id.'),
  })
  .describe('Evidence: an item or event that this decision rests on.');

/** Evidence for a decision, as ids of the items and events it rests on. */
export function evidence(description: string, max = 100) {
  return list(evidenceRef, max, description);
}

/** Engagement (互动量) observed on an item or summed over an incident. Every count is optional: platforms differ. */
export const engagement = z
  .object({
    views: count('Views / reads (阅读量).').optional(),
    reposts: count('Reposts / shares (转发量).').optional(),
    comments: count('Comments (评论量).').optional(),
    likes: count('Likes (点赞量).').optional(),
  })
  .describe('Engagement counts (互动量) as observed.');

/** A SHA-256 digest in lowercase hex. */
export function sha256(description: string) {
  return z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe(description);
}
