import { Module, type DynamicModule } from '@nestjs/common';
import { DemoLoader, DEMO_OPTIONS, type DemoOptions } from './demo-loader';

/**
 * The demo loader in a module of its own, imported by (global) IdentityModule: a global module's bootstrap hooks
 * run first, before @nestjs/cqrs (global too) has registered the command handlers the loader sends to; a
 * non-global module's run after.
 */
@Module({})
export class DemoModule {
  static register(demo: DemoOptions): DynamicModule {
    return {
      module: DemoModule,
      providers: [{ provide: DEMO_OPTIONS, useValue: demo }, DemoLoader],
      exports: [DemoLoader],
    };
  }
}
