import type { Pool, PoolClient } from 'pg';
import { cleanLine } from '@yuqing/documents';
import type { Person } from '@yuqing/reporting-documents';

/**
 * A person as documents name them at a moment: the latest of their rows valid then (people.handler.ts), and their
 * unit's name from `unitName`, else identity's name for it. Undefined for an account identity never published
 * (a service, a machine client, or a person whose registration has not arrived yet): a document then leaves the
 * name blank rather than print an account id.
 */
export async function personAsOf(
  db: Pool | PoolClient,
  schema: string,
  userId: string,
  at: Date,
  unitName: (orgUnit: string) => string | undefined,
  /** Only a person of this unit or below it (e.g. who took a report must belong where it was sent). */
  within?: string,
): Promise<Person | undefined> {
  const { rows } = await db.query<{
    name: string;
    post: string | null;
    orgUnit: string | null;
    unit: string | null;
  }>(
    // The row valid at `at`; failing that the first one, for an act recorded a moment before identity's clock
    // recorded the registration it needed.
    `select p.display_name as name, p.post, p.org_unit as "orgUnit", u.name as unit
       from ${schema}.people p left join ${schema}.org_unit_names u on u.org_unit = p.org_unit
      where p.user_id = $1
        and ($3::text is null or p.org_unit = $3 or p.org_unit like $3 || '.%')
      order by (p.valid_from <= $2) desc,
               case when p.valid_from <= $2 then p.valid_from end desc,
               case when p.valid_from <= $2 then p.stream_position end desc nulls last,
               p.valid_from, p.stream_position
      limit 1`,
    [userId, at, within ?? null],
  );
  const row = rows[0];
  // A name the documents would clean away entirely (invisible characters only) names nobody.
  if (!row || cleanLine(row.name, 40) === '') return undefined;
  const unit = (row.orgUnit ? unitName(row.orgUnit) : undefined) ?? row.unit ?? undefined;
  return {
    name: row.name,
    ...(row.post ? { post: row.post } : {}),
    ...(unit ? { unit } : {}),
  };
}
