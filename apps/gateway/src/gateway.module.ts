import { DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule, type ServiceKitOptions } from '@yuqing/service-kit';

/** The single entry for the console and integrators. For now: health; routing and identity come next. */
@Module({})
export class GatewayModule {
  static register(kit: ServiceKitOptions): DynamicModule {
    return { module: GatewayModule, imports: [ServiceKitModule.forRoot(kit)] };
  }
}
