import { DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import type { ServiceConfig } from '@yuqing/config';
import { createKafka } from '@yuqing/messaging';
import type { Logger } from '@yuqing/telemetry';
import { Clock, SystemClock } from './clock';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { kafkaCheck, postgresCheck, ReadinessRegistry } from './health/readiness';
import { API_VERSION, OpenApiController, OpenApiRegistry } from './http/openapi';
import { KAFKA, LOGGER, PG_POOL, SERVICE_CONFIG, SERVICE_NAME } from './tokens';

export interface ServiceKitOptions {
  readonly serviceName: string;
  readonly config: ServiceConfig;
  readonly logger: Logger;
  /** Topics this service produces to or consumes from: it is not ready while one is missing. */
  readonly requiredTopics: readonly string[];
  /** The service's time; the system's by default (tests pass an AdjustableClock). */
  readonly clock?: Clock;
}

export function createPool(config: ServiceConfig, logger: Logger, applicationName: string): Pool {
  const pool = new Pool({
    connectionString: config.DATABASE_URL,
    max: config.PG_POOL_MAX,
    connectionTimeoutMillis: 5000,
    application_name: applicationName,
  });
  // An idle client dropped by the server must not take the process down; the next query reconnects.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client failed'));
  return pool;
}

class InfrastructureLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.readiness.close();
    // Shutdown hooks can run twice (a test closing an app the platform also closes): end the pool once.
    if (!this.pool.ended) await this.pool.end();
  }
}

/** PostgreSQL pool, Kafka client, logger, config, clock, the health endpoints and GET /openapi.json, shared by every service. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      global: true,
      controllers: [HealthController, MetricsController, OpenApiController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: SERVICE_NAME, useValue: options.serviceName },
        { provide: LOGGER, useValue: options.logger },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: PG_POOL,
          useFactory: () => createPool(options.config, options.logger, options.serviceName),
        },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({
              brokers: options.config.KAFKA_BROKERS,
              clientId: `yuqing-${options.serviceName}`,
              onLog: (entry) => options.logger[entry.level]({ component: 'kafkajs' }, entry.message),
            }),
        },
        {
          provide: ReadinessRegistry,
          inject: [PG_POOL, KAFKA],
          useFactory: (pool: Pool, kafka: Kafka) => {
            const registry = new ReadinessRegistry();
            registry.add(postgresCheck(pool));
            registry.add(kafkaCheck(kafka, () => options.requiredTopics));
            return registry;
          },
        },
        {
          provide: OpenApiRegistry,
          useValue: new OpenApiRegistry({ title: `yuqing ${options.serviceName}`, version: API_VERSION }),
        },
        InfrastructureLifecycle,
      ],
      exports: [
        SERVICE_CONFIG,
        SERVICE_NAME,
        LOGGER,
        Clock,
        PG_POOL,
        KAFKA,
        ReadinessRegistry,
        OpenApiRegistry,
      ],
    };
  }
}
