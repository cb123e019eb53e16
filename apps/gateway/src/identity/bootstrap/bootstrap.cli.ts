import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@yuqing/config';
import { DomainRuleError, ORG_UNIT_KIND_CODES, platformTopics } from '@yuqing/contracts';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { checkDependencies } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { gatewayConfigSchema } from '../../config';
import { GatewayModule } from '../../gateway.module';
import { FirstAdministratorBootstrap } from './first-administrator';

// `npm run identity:bootstrap -- --unit cn.yn.km --kind city --name 昆明市网信办 --username km.admin
//   --display-name 张三`: the first administrator of a deployment without demo data, with the gateway's own
// configuration (DATABASE_URL, KAFKA_BROKERS, the key-encryption key). Prints a one-time password, once.

const USAGE =
  'usage: npm run identity:bootstrap -- --unit <path> --kind <kind> --name <unit name> --username <name> --display-name <name> [--schema identity]';

function fail(message: string): never {
  process.stderr.write(`identity:bootstrap: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      unit: { type: 'string' },
      kind: { type: 'string' },
      name: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      schema: { type: 'string', default: 'identity' },
    },
    strict: true,
  });
  const { unit, kind, name, username, schema } = values;
  const displayName = values['display-name'];
  if (!unit || !kind || !name || !username || !displayName) fail(USAGE);
  if (!(ORG_UNIT_KIND_CODES as readonly string[]).includes(kind))
    fail(`--kind must be one of ${ORG_UNIT_KIND_CODES.join(', ')}`);

  // Never the demo tree here: this is how a deployment without it gets its first user.
  const config = loadConfig(gatewayConfigSchema, { ...process.env, YUQING_DEMO: '0' });
  const logger = createLogger({ service: 'identity-bootstrap', level: 'error' });
  await checkDependencies(config, 'identity:bootstrap');
  const topics = platformTopics();
  await ensureTopics(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'yuqing-identity-bootstrap' }),
    topics,
  );
  const kit = { serviceName: 'gateway', config, logger, requiredTopics: topics.map((t) => t.topic) };
  const app = await NestFactory.createApplicationContext(GatewayModule.register(kit, config, { schema }), {
    logger: false,
  });
  try {
    const admin = await app.get(FirstAdministratorBootstrap).create({
      unit: { orgUnit: unit, kind: kind as (typeof ORG_UNIT_KIND_CODES)[number], name },
      username,
      displayName,
    });
    process.stdout.write(
      [
        `First administrator ${username} (user ${admin.userId}): the internet office (网信办) of ${unit}.`,
        `One-time password, shown only now and stored only as a hash: ${admin.password}`,
        'Sign in and change it at once (PUT /api/identity/users/{userId}/password); then register the other users.',
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DomainRuleError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
});
