import { Controller, Get, Inject, type INestApplication } from '@nestjs/common';
import { ApiExcludeController, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { declareProblems, RouteMethods } from './openapi-problems';
import { Public } from './public';

export type { OpenAPIObject } from '@nestjs/swagger';

/** The version of the platform's HTTP API, as every service's OpenAPI document states it. */
export const API_VERSION = '0.1.0';

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/**
 * The OpenAPI 3 document of a Nest application, generated from its controllers (never hand-written): every route,
 * its path parameters, a bearer-token requirement and `x-yuqing-permission` on each @Permission operation (public
 * ones carry no security requirement), and every problem response it may give (openapi-problems.ts). Bodies are validated with zod in the
 * handlers, so request schemas are left open. Operation ids read `<Controller>_<method>`.
 */
export function openApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.0.3')
    .setTitle(info.title)
    .setVersion(info.version)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token of the platform issuer (POST /api/identity/login or /api/identity/token).',
      },
      'bearer',
    );
  if (info.description) builder.setDescription(info.description);
  return declareProblems(
    SwaggerModule.createDocument(app, builder.build(), {
      operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    }),
  );
}

/** Holds the service's document: built from the application on first request, then kept (routes do not change). */
export class OpenApiRegistry {
  private build: (() => OpenAPIObject) | undefined;
  private cached: OpenAPIObject | undefined;
  private routeMethods: RouteMethods | undefined;

  constructor(readonly info: OpenApiInfo) {}

  /** Called by createHttpApp once the application exists. */
  attach(app: INestApplication): void {
    this.build = () => openApiDocument(app, this.info);
    this.cached = undefined;
    this.routeMethods = undefined;
  }

  document(): OpenAPIObject {
    if (!this.build)
      throw new Error('the OpenAPI document is not attached: create the app with createHttpApp');
    this.cached ??= this.build();
    return this.cached;
  }

  /** The methods of each path, from the document: a method a path does not answer gets 405, not 404. */
  routes(): RouteMethods {
    this.routeMethods ??= new RouteMethods(this.document());
    return this.routeMethods;
  }
}

/** GET /openapi.json on every service: its own API, public like the health endpoints. */
@Public()
@ApiExcludeController()
@Controller()
export class OpenApiController {
  constructor(@Inject(OpenApiRegistry) private readonly registry: OpenApiRegistry) {}

  @Get('openapi.json')
  document(): OpenAPIObject {
    return this.registry.document();
  }
}
