import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { ProjectionRunner } from '@yuqing/event-store';
import { PG_POOL } from '@yuqing/service-kit';
import { archiveDataSource, forgetDataSource, useDataSource } from './archive-data-source';

/**
 * The archive's TypeORM DataSource, over the service's one pool (PG_POOL), in the service's schema. Read models
 * query through it; the projections use it on the runner's transaction (`entityManagerOn`). Destroying it leaves
 * the pool to the service.
 */
@Injectable()
export class ArchiveOrm implements OnModuleInit, OnModuleDestroy {
  readonly dataSource: DataSource;
  readonly schema: string;

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(ProjectionRunner) runner: ProjectionRunner) {
    this.schema = runner.scope.schema;
    this.dataSource = archiveDataSource(pool, this.schema);
  }

  async onModuleInit(): Promise<void> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    useDataSource(this.schema, this.dataSource);
  }

  async onModuleDestroy(): Promise<void> {
    forgetDataSource(this.schema);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
