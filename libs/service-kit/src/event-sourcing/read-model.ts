import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { ProjectionRunner } from '@yuqing/event-store';
import { PG_POOL } from '../tokens';

/**
 * The base of a projection's read-model class: typed queries on the service's read-model tables, used by GET
 * controllers and by handlers that need a lookup. `on(tx.client)` reads on a transaction's connection instead
 * of the pool (its own writes included).
 */
@Injectable()
export abstract class ReadModel {
  protected readonly schema: string;

  constructor(
    @Inject(PG_POOL) protected readonly db: Pool | PoolClient,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
  ) {
    this.schema = runner.scope.schema;
  }

  /** `<schema>.<name>`. */
  protected table(name: string): string {
    return `${this.schema}.${name}`;
  }

  /** The same queries on another connection (a transaction's). */
  on(db: Pool | PoolClient): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this, { db });
  }
}
