import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { guidanceConfigSchema, type GuidanceConfig } from './guidance.config';
import { GuidanceModule } from './guidance.module';

/** Its own topic and identity's (revocations); add the contexts it comes to consume. */
export const guidanceTopics = platformTopics().filter((t) => /^yuqing\.(guidance|identity)\./.test(t.topic));

/** The guidance service as main.ts starts it (the test harness starts the same module). */
export const guidanceService: ServiceSpec<GuidanceConfig> = {
  serviceName: 'guidance',
  configSchema: guidanceConfigSchema,
  topics: guidanceTopics,
  bodyLimit: '1mb',
  module: (kit, config) => GuidanceModule.register(kit, config),
};
