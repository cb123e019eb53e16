import './instrument';
import { platformTopics } from '@yuqing/contracts';
import { bootstrapService } from '@yuqing/service-kit';
import { reportingConfigSchema } from './reporting.config';
import { ReportingModule } from './reporting.module';

void bootstrapService({
  serviceName: 'reporting',
  configSchema: reportingConfigSchema,
  // Its own topic, and those it learns from: grades, incidents and their items, revoked grants.
  topics: platformTopics().filter((t) => /^yuqing\.(reporting|grading|ingestion|identity)\./.test(t.topic)),
  module: (kit, config) => ReportingModule.register(kit, config),
});
