import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { reviewConfigSchema, type ReviewConfig } from './review.config';
import { ReviewModule } from './review.module';

/** Its own topic, identity's (revocations, the org tree), and the contexts whose events its detectors read. */
export const reviewTopics = platformTopics().filter((t) =>
  /^yuqing\.(review|identity|ingestion|grading|reporting|guidance)\./.test(t.topic),
);

/** The review service as main.ts starts it (the test harness starts the same module). */
export const reviewService: ServiceSpec<ReviewConfig> = {
  serviceName: 'review',
  configSchema: reviewConfigSchema,
  topics: reviewTopics,
  bodyLimit: '1mb',
  module: (kit, config) => ReviewModule.register(kit, config),
};
