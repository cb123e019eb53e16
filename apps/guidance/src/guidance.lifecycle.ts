import { Inject, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import type { GuidancePolicy } from '@yuqing/guidance-domain';
import { LOGGER, PG_POOL } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { guidanceMigrations } from './migrations';
import { GUIDANCE_POLICY } from './response-policy';

/**
 * What guidance does once at start, after the event store's own migrations (EventSourcingModule starts first:
 * this module imports it): its read-model tables, and which policy is in force, as the decisions will cite it.
 */
export class GuidanceLifecycle implements OnModuleInit {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GUIDANCE_POLICY) private readonly policy: GuidancePolicy,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.store.schema, guidanceMigrations(this.store.schema));
    this.logger.info({ policyVersion: this.policy.version }, 'guidance policy in force');
  }
}
