import { Module, type DynamicModule } from '@nestjs/common';
import { EventHub } from './stream.handler';
import { StreamController } from './stream.controller';

/** The live event stream (SSE) of the console and integrators; its hub is run by the consumer host. */
@Module({})
export class StreamModule {
  static register(): DynamicModule {
    return {
      module: StreamModule,
      controllers: [StreamController],
      providers: [EventHub],
      exports: [EventHub],
    };
  }
}
