import { Module, type DynamicModule } from '@nestjs/common';
import { EventHub, STREAM_OPTIONS, type StreamOptions } from './event-hub';
import { StreamController } from './stream.controller';

/** The live event stream (SSE) of the console and integrators. */
@Module({})
export class StreamModule {
  static register(options: StreamOptions = {}): DynamicModule {
    return {
      module: StreamModule,
      controllers: [StreamController],
      providers: [{ provide: STREAM_OPTIONS, useValue: options }, EventHub],
      exports: [EventHub],
    };
  }
}
