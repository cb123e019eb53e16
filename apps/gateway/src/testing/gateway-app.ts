import type { INestApplication } from '@nestjs/common';
import type { ServiceConfig } from '@yuqing/config';
import { platformTopics } from '@yuqing/contracts';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { createHttpApp, type Clock } from '@yuqing/service-kit';
import { createLogger, type Logger } from '@yuqing/telemetry';
import { gatewayConfigSchema, type GatewayConfig } from '../config';
import { GatewayModule, type GatewayOptions } from '../gateway.module';
import { DemoLoader } from '../identity/demo/demo-loader';
import { KeyStore } from '../identity/keys/key-store';
import { isForwardedRequest } from '../routing/routing.module';
import { EventHub } from '../stream/stream.handler';

export interface RunningGateway {
  readonly app: INestApplication;
  readonly url: string;
  readonly config: GatewayConfig;
  readonly keys: KeyStore;
  close(): Promise<void>;
}

/**
 * The gateway as `npm start` builds it, listening on a free port, with its own schemas and consumer groups: for
 * tests against the real PostgreSQL and Kafka. The demo tree is loaded before it returns.
 */
export async function startGateway(
  base: ServiceConfig,
  options: GatewayOptions & { schema: string; logger?: Logger; env?: Record<string, string>; clock?: Clock },
): Promise<RunningGateway> {
  const config = gatewayConfigSchema.parse({
    DATABASE_URL: base.DATABASE_URL,
    KAFKA_BROKERS: base.KAFKA_BROKERS.join(','),
    PORT: '0',
    LOG_LEVEL: base.LOG_LEVEL,
    YUQING_DEMO: '1',
    // The run's own consumer groups (`<schema>.revocations`, `<schema>.stream-<uuid>`).
    CONSUMER_GROUP_PREFIX: options.schema,
    ...options.env,
  });
  const logger = options.logger ?? createLogger({ service: 'gateway', level: 'silent' });
  await ensureTopics(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'gateway-test-setup' }),
    platformTopics(),
  );
  const app = await createHttpApp(
    GatewayModule.register(
      {
        serviceName: 'gateway',
        config,
        logger,
        requiredTopics: [],
        ...(options.clock ? { clock: options.clock } : {}),
      },
      config,
      options,
    ),
    logger,
    undefined,
    { unparsedBody: isForwardedRequest },
  );
  await app.listen(0, '127.0.0.1');
  await app.get(EventHub).ready;
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    config,
    keys: app.get(KeyStore),
    close: async () => {
      await app.close();
    },
  };
}

export { DemoLoader };
