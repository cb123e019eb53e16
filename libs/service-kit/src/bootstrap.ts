import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Client } from 'pg';
import type { z } from 'zod';
import {
  assertDemoAllowed,
  ConfigError,
  loadConfig,
  redactUrl,
  serviceConfigSchema,
  type ServiceConfig,
} from '@yuqing/config';
import type { TopicSpec } from '@yuqing/contracts';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createLogger, type Logger } from '@yuqing/telemetry';
import { OpenApiRegistry } from './http/openapi';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { NestPinoLogger } from './nest-logger';
import type { ServiceKitOptions } from './service-kit.module';

export interface ServiceSpec<C extends ServiceConfig> {
  readonly serviceName: string;
  /** The service's variables; `serviceConfigSchema.extend({...})`, or the shared schema as it is. */
  readonly configSchema?: z.ZodType<C>;
  /** Topics the service needs; created when missing, then required for readiness. */
  readonly topics?: readonly TopicSpec[];
  /** The root module, given the shared kit to import. */
  readonly module: (kit: ServiceKitOptions, config: C) => DynamicModule;
  /** Request body limit; larger bodies get 413. */
  readonly bodyLimit?: string;
  /** Requests whose body is left unread, for the handler to stream (see HttpAppOptions). */
  readonly unparsedBody?: HttpAppOptions['unparsedBody'];
}

export interface HttpAppOptions {
  /**
   * Requests whose body the app leaves unread for the handler to stream on (the gateway's forwarding); every
   * other JSON body is parsed up to the body limit.
   */
  readonly unparsedBody?: (request: IncomingMessage) => boolean;
}

/** A start-up failure: printed as one line naming the cause, then the process exits 1 (no retry loop). */
export class StartupError extends Error {}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

async function retryUntil(deadline: number, attempt: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() + 500 >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Fails fast, in one line, when PostgreSQL or Kafka cannot be reached at start. */
export async function checkDependencies(config: ServiceConfig, serviceName: string): Promise<void> {
  const deadline = Date.now() + config.STARTUP_TIMEOUT_SECONDS * 1000;
  try {
    await retryUntil(deadline, async () => {
      const client = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 3000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('select 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    });
  } catch (error) {
    throw new StartupError(
      `cannot reach PostgreSQL at ${redactUrl(config.DATABASE_URL)}: ${reasonOf(error)}`,
    );
  }
  try {
    await retryUntil(deadline, async () => {
      const admin = createKafka({
        brokers: config.KAFKA_BROKERS,
        clientId: `yuqing-${serviceName}-preflight`,
        retries: 0,
      }).admin();
      try {
        await admin.connect();
        await admin.listTopics();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    });
  } catch (error) {
    throw new StartupError(`cannot reach Kafka at ${config.KAFKA_BROKERS.join(',')}: ${reasonOf(error)}`);
  }
}

/**
 * Starts a service: validates its configuration, checks PostgreSQL and Kafka, creates its topics, then serves
 * HTTP (its modules migrate their schemas as they start). Any failure before serving ends the process with one
 * line.
 */
export async function bootstrapService<C extends ServiceConfig>(
  spec: ServiceSpec<C>,
): Promise<INestApplication> {
  const fatal = (message: string): never => {
    process.stderr.write(`${spec.serviceName}: ${message}\n`);
    process.exit(1);
  };
  let config: C;
  try {
    config = loadConfig((spec.configSchema ?? serviceConfigSchema) as z.ZodType<C>);
    assertDemoAllowed(config as C & { YUQING_DEMO?: boolean });
  } catch (error) {
    return fatal(error instanceof ConfigError ? error.message : reasonOf(error));
  }
  const logger = createLogger({ service: spec.serviceName, level: config.LOG_LEVEL });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
  try {
    await checkDependencies(config, spec.serviceName);
    const topics = spec.topics ?? [];
    if (topics.length > 0) {
      await ensureTopics(
        createKafka({ brokers: config.KAFKA_BROKERS, clientId: `yuqing-${spec.serviceName}-setup` }),
        topics,
      );
    }
    const kit: ServiceKitOptions = {
      serviceName: spec.serviceName,
      config,
      logger,
      requiredTopics: topics.map((topic) => topic.topic),
    };
    return await startHttp(spec.module(kit, config), {
      logger,
      config,
      bodyLimit: spec.bodyLimit,
      ...(spec.unparsedBody ? { unparsedBody: spec.unparsedBody } : {}),
    });
  } catch (error) {
    return fatal(error instanceof StartupError ? error.message : `failed to start: ${reasonOf(error)}`);
  }
}

/** Creates and starts the Nest application with the platform's HTTP conventions. */
export async function startHttp(
  module: DynamicModule,
  options: {
    logger: Logger;
    config: Pick<ServiceConfig, 'HOST' | 'PORT'>;
    bodyLimit?: string | undefined;
  } & HttpAppOptions,
): Promise<INestApplication> {
  const app = await createHttpApp(module, options.logger, options.bodyLimit, options);
  await app.listen(options.config.PORT, options.config.HOST);
  options.logger.info({ url: await app.getUrl() }, 'listening');
  return app;
}

/**
 * The Nest application with JSON logs, problem-details errors, a body limit, graceful shutdown and its OpenAPI
 * document at GET /openapi.json (when it imports the ServiceKitModule); not listening.
 */
export async function createHttpApp(
  module: DynamicModule,
  logger: Logger,
  bodyLimit = '1mb',
  options: HttpAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: new NestPinoLogger(logger), bodyParser: false });
  const json = express.json({ limit: bodyLimit });
  const unparsed = options.unparsedBody;
  app.use(
    unparsed
      ? (req: Request, res: Response, next: NextFunction) => (unparsed(req) ? next() : json(req, res, next))
      : json,
  );
  // Body-parser failures (malformed JSON, too large) happen before Nest's filters: answer them as problems here.
  app.use(
    (
      error: { status?: number; type?: string; message?: string },
      _req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      if (!error || typeof error.status !== 'number') return next(error);
      const status = error.status;
      const detail =
        status === 413 ? `request body is larger than ${bodyLimit}` : 'request body is not valid JSON';
      res
        .status(status)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: `https://yuqing.invalid/problems/${status}`,
            title: status === 413 ? 'Payload Too Large' : 'Bad Request',
            status,
            detail,
          }),
        );
    },
  );
  const openApi = registryOf(app);
  openApi?.attach(app);
  app.useGlobalFilters(new ProblemDetailsFilter(logger, openApi ? () => openApi.routes() : undefined));
  app.enableShutdownHooks();
  return app;
}

function registryOf(app: INestApplication): OpenApiRegistry | undefined {
  try {
    return app.get(OpenApiRegistry, { strict: false });
  } catch {
    return undefined; // an app without the ServiceKitModule (a test's bare module) has no document
  }
}
