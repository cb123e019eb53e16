import './instrument';
import { platformTopics } from '@yuqing/contracts';
import { bootstrapService } from '@yuqing/service-kit';
import { gradingConfigSchema } from './grading.config';
import { GradingModule } from './grading.module';

void bootstrapService({
  serviceName: 'grading',
  configSchema: gradingConfigSchema,
  // Its own topic, the ones it consumes (ingestion, reporting) and identity (revocations).
  topics: platformTopics().filter((t) => /^yuqing\.(grading|ingestion|reporting|identity)\./.test(t.topic)),
  bodyLimit: '1mb',
  module: (kit, config) => GradingModule.register(kit, config),
});
