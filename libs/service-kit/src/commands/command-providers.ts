import {
  Inject,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { ServiceConfig } from '@yuqing/config';
import { PostgresEventStore } from '@yuqing/event-store';
import type { Logger } from '@yuqing/telemetry';
import { LOGGER, PG_POOL, SERVICE_CONFIG } from '../tokens';
import { CommandPipeline } from './command-pipeline';
import { DEFAULT_IDEMPOTENCY, IdempotencyStore } from './idempotency';

class CommandsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.store.startSweeping((error) => this.logger.warn({ err: error }, 'idempotency sweep failed'));
  }

  onApplicationShutdown(): void {
    this.store.stopSweeping();
  }
}

/** The command path of a service: its idempotency keys (swept hourly) and the pipeline every handler runs in. */
export const commandProviders: Provider[] = [
  {
    provide: IdempotencyStore,
    inject: [PG_POOL, PostgresEventStore, SERVICE_CONFIG],
    useFactory: (pool: Pool, store: PostgresEventStore, config: Partial<ServiceConfig>) =>
      new IdempotencyStore(pool, store.schema, {
        leaseSeconds: config.IDEMPOTENCY_LEASE_SECONDS ?? DEFAULT_IDEMPOTENCY.leaseSeconds,
        retentionHours: config.IDEMPOTENCY_RETENTION_HOURS ?? DEFAULT_IDEMPOTENCY.retentionHours,
      }),
  },
  CommandPipeline,
  CommandsLifecycle,
];
