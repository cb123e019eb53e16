import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { ReadModel } from '@yuqing/service-kit';

/** The registered sources a caller may see, newest first. */
@Injectable()
export class SourcesReadModel extends ReadModel {
  async list(scope: readonly string[], limit: number): Promise<unknown[]> {
    const condition = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query(
      `select source_id as "sourceId", org_unit as "orgUnit", name, url, platform, reach_tier as "reachTier", feed_url as "feedUrl",
              consecutive_failures as "consecutiveFailures", next_poll_at as "nextPollAt"
         from ${this.table('sources')} where ${condition.sql} order by registered_at desc limit $3`,
      [...condition.params, limit],
    );
    return rows;
  }
}
