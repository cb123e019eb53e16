import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { guidanceConfigSchema, type GuidanceConfig } from './guidance.config';
import { GuidanceModule } from './guidance.module';

/** Its own topic, identity's (revocations), and those it consumes: grading's, ingestion's (captured items), reporting's. */
export const guidanceTopics = platformTopics().filter((t) =>
  /^yuqing\.(guidance|identity|grading|ingestion|reporting)\./.test(t.topic),
);

/** The guidance service as main.ts starts it (the test harness starts the same module). */
export const guidanceService: ServiceSpec<GuidanceConfig> = {
  serviceName: 'guidance',
  configSchema: guidanceConfigSchema,
  topics: guidanceTopics,
  bodyLimit: '1mb',
  module: (kit, config) => GuidanceModule.register(kit, config),
};
