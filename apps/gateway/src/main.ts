import './instrument';
import { bootstrapService } from '@yuqing/service-kit';
import { GatewayModule } from './gateway.module';

void bootstrapService({
  serviceName: 'gateway',
  module: (kit) => GatewayModule.register(kit),
});
