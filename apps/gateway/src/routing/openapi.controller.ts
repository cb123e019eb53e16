import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OpenApiRegistry, Public, type OpenAPIObject } from '@yuqing/service-kit';
import { mergeOpenApi, type ServiceDocument } from './merge-openapi';
import { ROUTING_OPTIONS, type RoutingOptions } from './routing.options';

/**
 * GET /api/openapi.json: the whole platform API as the console and integrators reach it through the gateway. Each
 * service's /openapi.json is fetched at request time (short timeout); one that does not answer is listed in
 * `x-yuqing-unavailable` instead of failing the document.
 */
@Public()
@ApiExcludeController()
@Controller('api')
export class PlatformOpenApiController {
  constructor(
    @Inject(OpenApiRegistry) private readonly registry: OpenApiRegistry,
    @Inject(ROUTING_OPTIONS) private readonly options: RoutingOptions,
  ) {}

  @Get('openapi.json')
  async document(): Promise<OpenAPIObject> {
    const services = await Promise.all(
      Object.entries(this.options.serviceUrls).map(([context, url]) => this.fetchDocument(context, url)),
    );
    return mergeOpenApi(this.registry.document(), services, {
      title: 'yuqing API',
      description:
        'The platform API through the gateway: identity and the live stream served by the gateway, and every ' +
        'service it routes /api/<context>/... to (x-yuqing-service). Errors are RFC 9457 problem details.',
    });
  }

  private async fetchDocument(context: string, baseUrl: string): Promise<ServiceDocument> {
    try {
      const response = await fetch(`${baseUrl}/openapi.json`, {
        signal: AbortSignal.timeout(this.options.documentTimeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return { context, unavailable: `answered ${response.status}` };
      const document = (await response.json()) as OpenAPIObject;
      if (typeof document !== 'object' || document === null || typeof document.paths !== 'object')
        return { context, unavailable: 'answered something other than an OpenAPI document' };
      return { context, document };
    } catch (error) {
      // DOMException (the abort) is not an Error in every realm: read its name.
      const reason =
        (error as { name?: unknown } | null)?.name === 'TimeoutError'
          ? `no answer within ${this.options.documentTimeoutMs} ms`
          : 'unreachable';
      return { context, unavailable: reason };
    }
  }
}
