import { Injectable } from '@nestjs/common';
import { ReadModel } from '@yuqing/service-kit';

/** The rule sets grading has decided by (kept by the lifecycle as it loads them, not a projection of events). */
@Injectable()
export class RuleSetsReadModel extends ReadModel {
  async list(): Promise<unknown[]> {
    const { rows } = await this.db.query(
      `select version, content->>'title' as title, digest, first_loaded_at as "firstLoadedAt"
         from ${this.table('rule_sets')} order by first_loaded_at desc, version`,
    );
    return rows;
  }

  async one(version: string): Promise<{ content: unknown; digest: string; firstLoadedAt: Date } | undefined> {
    const { rows } = await this.db.query<{ content: unknown; digest: string; firstLoadedAt: Date }>(
      `select content, digest, first_loaded_at as "firstLoadedAt" from ${this.table('rule_sets')} where version = $1`,
      [version],
    );
    return rows[0];
  }
}
