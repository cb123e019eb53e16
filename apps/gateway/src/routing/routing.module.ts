import { Module, type DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { ForwardingController } from './forwarding.controller';
import { PlatformOpenApiController } from './openapi.controller';
import { ROUTING_OPTIONS, type RoutingOptions } from './routing.options';
import { GATEWAY_CONTEXTS } from './service-urls';

/**
 * Whether a request is one the gateway forwards, so its body must stay unread for streaming: /api/<context>/...
 * for a context the gateway does not serve itself.
 */
export function isForwardedRequest(request: IncomingMessage): boolean {
  const match = /^\/api\/([^/?#]+)/.exec(request.url ?? '');
  return (
    match !== null &&
    match[1] !== 'openapi.json' &&
    !(GATEWAY_CONTEXTS as readonly string[]).includes(match[1]!)
  );
}

/** The gateway as the single entry: /api/<context>/... forwarded to its service, and the merged OpenAPI document. */
@Module({})
export class RoutingModule {
  static register(options: RoutingOptions): DynamicModule {
    return {
      module: RoutingModule,
      // The merged document first: the forwarding route would otherwise take /api/openapi.json for a context.
      controllers: [PlatformOpenApiController, ForwardingController],
      providers: [{ provide: ROUTING_OPTIONS, useValue: options }],
    };
  }
}
