import { platformTopics } from '@yuqing/contracts';
import type { ServiceSpec } from '@yuqing/service-kit';
import { gatewayConfigSchema, type GatewayConfig } from './config';
import { GatewayModule } from './gateway.module';
import { isForwardedRequest } from './routing/routing.module';

/** The gateway service as main.ts starts it: its name, validated config, topics and module. */
export const gatewayService: ServiceSpec<GatewayConfig> = {
  serviceName: 'gateway',
  configSchema: gatewayConfigSchema,
  // The live stream reads every context's topic and the guard reads the identity topic.
  topics: platformTopics(),
  module: (kit, config) => GatewayModule.register(kit, config),
  // Forwarded bodies are streamed to the service unread (the gateway applies its own limit, PROXY_BODY_LIMIT_MB).
  unparsedBody: isForwardedRequest,
};
