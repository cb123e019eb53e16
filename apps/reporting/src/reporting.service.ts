import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { reportingConfigSchema, type ReportingConfig } from './reporting.config';
import { ReportingModule } from './reporting.module';

/** The reporting service as main.ts starts it: its name, validated config, topics and module. */
export const reportingService: ServiceSpec<ReportingConfig> = {
  serviceName: 'reporting',
  configSchema: reportingConfigSchema,
  // Its own topic, and those it learns from: grades, incidents and their items, revoked grants.
  topics: platformTopics().filter((t) => /^yuqing\.(reporting|grading|ingestion|identity)\./.test(t.topic)),
  module: (kit, config) => ReportingModule.register(kit, config),
};
