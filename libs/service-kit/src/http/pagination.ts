import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

// The one cursor pagination of every list (CONVENTIONS): `?limit=&after=`, where `after` is the `next` of the
// previous page. A keyset cursor names the sort key and id of a page's last row (either order: the query says
// which way it reads on); an offset cursor names a position in a fixed list held in memory.

const NOT_A_CURSOR = {
  message: 'the request is not valid',
  errors: [{ path: 'query.after', message: 'not a cursor from this API' }],
};

/** The fields of a page query, for lists that extend a strict object; `maxCursor` is the longest `after` read. */
export function pageFields(maxCursor = 200) {
  return {
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Cursor: the `next` of the previous page. */
    after: z.string().max(maxCursor).optional(),
  };
}

/** `?limit=&after=` of every list. */
export const page = z.object(pageFields());

/** Reads a cursor made by `nextCursor`: the sort key of the last row of a page and its id. */
export function cursor(after: string | undefined): { at: string; id: string } | undefined {
  if (!after) return undefined;
  const [at, id] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at))) throw new BadRequestException(NOT_A_CURSOR);
  return { at, id };
}

export const nextCursor = (at: Date, id: string): string =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** Reads a cursor made by `nextOffsetCursor`: where the next page of a fixed, ordered list starts. */
export function offsetCursor(after: string | undefined): number {
  if (!after) return 0;
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match) throw new BadRequestException(NOT_A_CURSOR);
  return Number(match[1]);
}

export const nextOffsetCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
