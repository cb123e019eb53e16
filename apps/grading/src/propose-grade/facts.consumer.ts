import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { eventsTopic } from '@yuqing/contracts';
import { InboxConsumer, type ConsumedEvent } from '@yuqing/messaging';
import { KAFKA, LOGGER, PG_POOL } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { startFromOf } from '@yuqing/config';
import type { GradingConfig } from '../grading.config';
import { GRADING_CONFIG } from '../grading.tokens';
import { CarryMergedGradeHandler, mergeOf } from '../carry-merged-grade/carry-merged-grade.handler';
import { FactRecorder } from './fact-recorder';
import { ProposeGradeHandler } from './propose-grade.handler';

/** The topics whose facts grading reacts to: items, incidents and heat (ingestion), missed deadlines (reporting). */
export const FACT_TOPICS = [eventsTopic('ingestion'), eventsTopic('reporting')];

/**
 * Consumes ingestion's and reporting's events: records each fact grading reacts to in its incident's grading
 * stream, then proposes. The inbox makes a redelivery a no-op; recording and proposing are idempotent as well, so
 * a crash between them is repaired by the redelivery.
 */
@Injectable()
export class FactsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: InboxConsumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(PG_POOL) pool: Pool,
    @Inject(GRADING_CONFIG) config: GradingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(FactRecorder) private readonly recorder: FactRecorder,
    @Inject(ProposeGradeHandler) private readonly proposals: ProposeGradeHandler,
    @Inject(CarryMergedGradeHandler) private readonly mergedGrades: CarryMergedGradeHandler,
  ) {
    this.consumer = new InboxConsumer({
      kafka,
      pool,
      schema: config.GRADING_SCHEMA,
      groupId: `${config.GRADING_CONSUMER_GROUP}.propose-grade`,
      topics: FACT_TOPICS,
      startFrom: startFromOf(config.CONSUME_FROM),
      sessionTimeoutMs: 10000,
      handle: (event) => this.handle(event),
      onError: (error, where) =>
        this.logger.warn({ err: error, ...where }, 'a fact could not be handled yet'),
    });
  }

  /**
   * Records the fact and proposes on its incident; for a merge (合并), notes the merged incident's grade in the one
   * that remains and proposes there too (exposed for the tests that drive it without Kafka).
   */
  async handle(event: ConsumedEvent): Promise<void> {
    const touched = await this.recorder.record(event);
    if (!touched) return;
    const merge = mergeOf(touched.fact);
    if (merge) {
      await this.mergedGrades.carry(merge, { mergeEventId: touched.fact.eventId, ...touched });
    }
    const incidents = merge ? [...new Set([touched.incidentId, merge.survivor])] : [touched.incidentId];
    for (const incidentId of incidents) {
      const proposed = await this.proposals.propose(incidentId, touched);
      if (proposed) {
        this.logger.info(
          { incidentId, orgUnit: touched.orgUnit, proposalId: proposed.proposalId },
          'grade proposed',
        );
      }
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
