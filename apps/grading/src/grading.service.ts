import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { gradingConfigSchema, type GradingConfig } from './grading.config';
import { GradingModule } from './grading.module';

/** The grading service as main.ts starts it: its name, validated config, topics and module. */
export const gradingService: ServiceSpec<GradingConfig> = {
  serviceName: 'grading',
  configSchema: gradingConfigSchema,
  // Its own topic, the ones it consumes (ingestion, reporting) and identity (revocations).
  topics: platformTopics().filter((t) => /^yuqing\.(grading|ingestion|reporting|identity)\./.test(t.topic)),
  bodyLimit: '1mb',
  module: (kit, config) => GradingModule.register(kit, config),
};
