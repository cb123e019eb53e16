import './instrument';
import { platformTopics } from '@yuqing/contracts';
import { bootstrapService } from '@yuqing/service-kit';
import { gatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';

void bootstrapService({
  serviceName: 'gateway',
  configSchema: gatewayConfigSchema,
  // The live stream reads every context's topic and the guard reads the identity topic.
  topics: platformTopics(),
  module: (kit, config) => GatewayModule.register(kit, config),
});
