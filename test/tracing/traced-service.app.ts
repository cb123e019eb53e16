import {
  Body,
  Controller,
  DynamicModule,
  Inject,
  Module,
  Param,
  Post,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { z } from 'zod';
import { serviceConfigSchema } from '@yuqing/config';
import { handleCommand, PostgresEventStore, type Decider } from '@yuqing/event-store';
import { InboxConsumer } from '@yuqing/messaging';
import {
  bootstrapService,
  EventSourcingModule,
  KAFKA,
  PG_POOL,
  ServiceKitModule,
  type ServiceKitOptions,
} from '@yuqing/service-kit';

const schema = process.env.SERVICE_SCHEMA!;
const topic = process.env.SERVICE_TOPIC!;

type Note = { text: string };
const notes: Decider<Note, number> = {
  initialState: () => 0,
  evolve: (count) => count + 1,
  decide: (command) => [{ type: 'ingestion.ItemVerified', data: { text: command.text } }],
};

@Controller('incidents')
class NotesController {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  @Post(':id/notes')
  async add(@Param('id') id: string, @Body() body: unknown): Promise<{ version: number }> {
    const command = z.object({ text: z.string().min(1).max(500) }).parse(body);
    const result = await handleCommand(this.store, `ingestion-incident-${id}`, notes, command, {
      metadata: { orgUnit: 'cn-yn-km', actor: { kind: 'user', id: 'monitor-1' }, correlationId: id },
    });
    return { version: result.nextExpectedVersion };
  }
}

class NotesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: InboxConsumer;
  constructor(@Inject(KAFKA) kafka: Kafka, @Inject(PG_POOL) pool: Pool) {
    this.consumer = new InboxConsumer({
      kafka,
      pool,
      schema,
      groupId: `${schema}.notes`,
      topics: [topic],
      sessionTimeoutMs: 10000,
      handle: async (event, client) => {
        await client.query(`create table if not exists ${schema}.consumed (event_id uuid primary key)`);
        await client.query(`insert into ${schema}.consumed values ($1)`, [event.eventId]);
      },
    });
  }
  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}

@Module({})
class TracedModule {
  static register(kit: ServiceKitOptions): DynamicModule {
    return {
      module: TracedModule,
      imports: [
        ServiceKitModule.forRoot(kit),
        EventSourcingModule.forRoot({ schema, source: '/yuqing/traced', topicFor: () => topic }),
      ],
      controllers: [NotesController],
      providers: [NotesConsumer],
    };
  }
}

export async function main(): Promise<void> {
  await bootstrapService({
    serviceName: 'traced',
    configSchema: serviceConfigSchema,
    topics: [
      { topic, numPartitions: 1 },
      { topic: `${topic}.dlq`, numPartitions: 1 },
    ],
    module: (kit) => TracedModule.register(kit),
  });
}
