import './instrument';
import { platformTopics } from '@yuqing/contracts';
import { bootstrapService } from '@yuqing/service-kit';
import { ingestionConfigSchema } from './ingestion.config';
import { IngestionModule } from './ingestion.module';

void bootstrapService({
  serviceName: 'ingestion',
  configSchema: ingestionConfigSchema,
  topics: platformTopics().filter(
    (t) => t.topic.startsWith('yuqing.ingestion.') || t.topic.startsWith('yuqing.identity.'),
  ),
  bodyLimit: '4mb',
  module: (kit, config) => IngestionModule.register(kit, config),
});
