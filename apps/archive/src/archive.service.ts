import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { archiveConfigSchema, type ArchiveConfig } from './archive.config';
import { ArchiveModule } from './archive.module';

/** Its own topic, identity's (revocations), and the contexts whose events it files in the case files. */
export const archiveTopics = platformTopics().filter((t) =>
  /^yuqing\.(archive|identity|ingestion|grading|reporting|guidance)\./.test(t.topic),
);

/** The archive service as main.ts starts it (the test harness starts the same module). */
export const archiveService: ServiceSpec<ArchiveConfig> = {
  serviceName: 'archive',
  configSchema: archiveConfigSchema,
  topics: archiveTopics,
  bodyLimit: '1mb',
  module: (kit, config) => ArchiveModule.register(kit, config),
};
