import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { ProjectionRunner } from '@yuqing/event-store';
import type { PublishedRelease } from '@yuqing/guidance-domain';
import { PG_POOL, ReadModel } from '@yuqing/service-kit';

/** What detection asks of the published releases, on the inbox transaction's connection (`on(tx.client)`). */
@Injectable()
export class PublishedReleasesReadModel extends ReadModel {
  constructor(@Inject(PG_POOL) db: Pool, @Inject(ProjectionRunner) runner: ProjectionRunner) {
    super(db, runner);
  }

  /**
   * The releases of `orgUnit` and the units below it (a city account may carry a county's approved release) that
   * were published at one of `addresses` whenever, or within [from, to], the nearest to `at` first, at most `limit`.
   */
  async candidates(
    orgUnit: string,
    addresses: readonly string[],
    window: { from: Date; to: Date; at: Date },
    limit: number,
  ): Promise<PublishedRelease[]> {
    const { rows } = await this.db.query<{
      releaseId: string;
      incidentId: string;
      url: string;
      publishedAt: Date;
      text: string;
    }>(
      `(select release_id as "releaseId", incident_id as "incidentId", url, published_at as "publishedAt", text
          from ${this.table('published_releases')}
         where (org_unit = $1 or org_unit like $1 || '.%') and canonical_url = any($2::text[]))
       union
       (select release_id, incident_id, url, published_at, text
          from ${this.table('published_releases')}
         where (org_unit = $1 or org_unit like $1 || '.%') and published_at between $3 and $4
         order by abs(extract(epoch from published_at - $5::timestamptz)), release_id
         limit $6)`,
      [orgUnit, [...addresses], window.from, window.to, window.at, limit],
    );
    return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() }));
  }
}
