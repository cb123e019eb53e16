import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { ingestionConfigSchema, type IngestionConfig } from './ingestion.config';
import { IngestionModule } from './ingestion.module';

/** The ingestion service as main.ts starts it: its name, validated config, topics and module. */
export const ingestionService: ServiceSpec<IngestionConfig> = {
  serviceName: 'ingestion',
  configSchema: ingestionConfigSchema,
  topics: platformTopics().filter(
    (t) => t.topic.startsWith('yuqing.ingestion.') || t.topic.startsWith('yuqing.identity.'),
  ),
  bodyLimit: '4mb',
  module: (kit, config) => IngestionModule.register(kit, config),
};
