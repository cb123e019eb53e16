import { Inject, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { migrate, PostgresEventStore } from '@yuqing/event-store';
import {
  DEFAULT_DETECTION_POLICY,
  DEFAULT_FINDING_POLICY,
  DETECTORS,
  schemeInForce,
} from '@yuqing/review-domain';
import { LOGGER, PG_POOL } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { reviewMigrations } from './migrations';

/**
 * What review does once at start, after the event store's own migrations (EventSourcingModule starts first:
 * this module imports it): its read-model tables, and which policy is in force, as the decisions will cite it.
 */
export class ReviewLifecycle implements OnModuleInit {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.store.schema, reviewMigrations(this.store.schema));
    this.logger.info(
      {
        policyVersion: DEFAULT_FINDING_POLICY.version,
        detectionPolicy: DEFAULT_DETECTION_POLICY.version,
        detectors: DETECTORS.map((detector) => detector.name),
        scheme: schemeInForce().version,
      },
      'review policy in force',
    );
  }
}
