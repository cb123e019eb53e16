import {
  All,
  BadRequestException,
  Controller,
  Inject,
  NotFoundException,
  Param,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Forwarded } from '@yuqing/auth';
import { LOGGER, MethodNotAllowedError, OpenApiRegistry } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { forward } from './forward';
import { ROUTING_OPTIONS, type RoutingOptions } from './routing.options';
import { GATEWAY_CONTEXTS } from './service-urls';

/**
 * /api/<context>/... for every context the gateway does not serve itself: forwarded to that service (SERVICE_URLS),
 * which checks the token and the permission itself (@Forwarded). Registered after every other controller, so the
 * gateway's own routes (/api/identity, /api/stream, /api/openapi.json) are matched first.
 */
@Forwarded()
@Controller('api')
export class ForwardingController {
  constructor(
    @Inject(ROUTING_OPTIONS) private readonly options: RoutingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OpenApiRegistry) private readonly openApi: OpenApiRegistry,
  ) {}

  @All([':context', ':context/*path'])
  async forward(@Param('context') context: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    refuseDotSegments(req.originalUrl);
    const baseUrl = Object.hasOwn(this.options.serviceUrls, context)
      ? this.options.serviceUrls[context]
      : undefined;
    if (!baseUrl) {
      const path = req.originalUrl.split('?')[0] ?? '';
      // The gateway's own context (identity) asked with a method its path does not take.
      const allowed = this.openApi.routes().allowed(path);
      if (allowed && !allowed.includes(req.method)) throw new MethodNotAllowedError(allowed);
      throw new NotFoundException(
        (GATEWAY_CONTEXTS as readonly string[]).includes(context)
          ? `no route for ${req.method} ${path}`
          : `no service serves /api/${context}: the context is unknown to this gateway`,
      );
    }
    await forward(
      req,
      res,
      { context, baseUrl },
      { timeoutMs: this.options.timeoutMs, bodyLimitBytes: this.options.bodyLimitBytes },
      (service, error) =>
        this.logger.warn({ service, err: error, method: req.method }, 'forwarding a request failed'),
    );
  }
}

/** `.` or `..`, however percent-encoded: what a URL parser resolves as a step up. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * A path with a dot segment is refused (400) rather than forwarded: the service's URL parser would resolve
 * `/api/ingestion/%2e%2e/%2e%2e/internal` to `/internal`, a route the gateway never meant to expose. A backslash
 * counts as a separator, as WHATWG URL parsing makes it one.
 */
export function refuseDotSegments(originalUrl: string): void {
  const path = originalUrl.split('?')[0] ?? '';
  if (path.split(/[/\\]|%5c/i).some((segment) => DOT_SEGMENT.test(segment))) {
    throw new BadRequestException(
      `the path has a dot segment (. or .., encoded or not): ${path.slice(0, 200)}`,
    );
  }
}
