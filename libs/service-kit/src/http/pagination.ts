import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** `?limit=&after=` of every list (CONVENTIONS: cursor pagination), newest first by a time and an id. */
export const page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Cursor: the `next` of the previous page. */
  after: z.string().max(200).optional(),
});

/** Reads a cursor made by `nextCursor`: the sort key of the last row of a page and its id. */
export function cursor(after: string | undefined): { at: string; id: string } | undefined {
  if (!after) return undefined;
  const [at, id] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)))
    throw new BadRequestException({
      message: 'the request is not valid',
      errors: [{ path: 'query.after', message: 'not a cursor from this API' }],
    });
  return { at, id };
}

export const nextCursor = (at: Date, id: string): string =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
