import { Module, type INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { z } from 'zod';
import { defineCommand, refuse } from '@yuqing/contracts';
import { PostgresEventStore, type Decider } from '@yuqing/event-store';
import { createLogger } from '@yuqing/telemetry';
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { createHttpApp } from '../bootstrap';
import { EventSourcingModule } from '../event-sourcing/event-sourcing.module';
import { problemFor } from '../http/problem-details.filter';
import { ServiceKitModule } from '../service-kit.module';
import { PG_POOL } from '../tokens';
import type { CommandContext } from './command-context';
import type { CommandTransaction } from './command-transaction';
import { DomainCommand } from './domain-command';
import { HandlesCommand } from './handles-command';
import { IdempotencyStore, requestHash } from './idempotency';

// The one idempotency of the command path, on a small service with the real event store: claim first, keyed by
// (caller, key), the answer stored with the events, the key released when the command fails.
const schema = uniqueName('cmdidem');

const NoteDown = defineCommand({
  context: 'grading',
  name: 'NoteDown',
  version: 1,
  description: 'A test command: note a text in a stream.',
  payload: z.strictObject({ note: z.string(), text: z.string(), refuse: z.boolean().optional() }),
});
interface Noted {
  readonly noteId: string;
  readonly version: number;
}
class NoteDownCommand extends DomainCommand<typeof NoteDown, Noted>(NoteDown) {}

const notes: Decider<{ text: string; refuse: boolean }, number> = {
  initialState: () => 0,
  evolve: (count) => count + 1,
  decide: (command) =>
    command.refuse
      ? refuse('grading.note-refused', 'this note is refused')
      : [{ type: 'test.Noted', data: { text: command.text } }],
};

@HandlesCommand(NoteDownCommand)
class NoteDownHandler {
  async handle(command: NoteDownCommand, tx: CommandTransaction): Promise<Noted> {
    // Long enough for a concurrent duplicate to find the key claimed and still running.
    await tx.client.query('select pg_sleep(0.3)');
    const noteId = tx.newId();
    const { payload } = command;
    const result = await tx.decide(`test-note-${payload.note}`, notes, {
      text: payload.text,
      refuse: payload.refuse ?? false,
    });
    return { noteId, version: result.nextExpectedVersion };
  }
}

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: 'cmdidem',
      config: testServiceConfig(),
      logger: createLogger({ service: 'cmdidem', level: 'silent' }),
      requiredTopics: [],
    }),
    EventSourcingModule.forRoot({ schema, source: '/yuqing/cmdidem', relay: false }),
  ],
  providers: [NoteDownHandler],
})
class CommandsTestModule {}

let app: INestApplication;
let bus: CommandBus;
let store: PostgresEventStore;

beforeAll(async () => {
  app = await createHttpApp(
    { module: CommandsTestModule },
    createLogger({ service: 'cmdidem', level: 'silent' }),
  );
  await app.init();
  bus = app.get(CommandBus);
  store = app.get(PostgresEventStore);
});
afterAll(async () => {
  await app.get<Pool>(PG_POOL).query(`drop schema if exists ${schema} cascade`);
  await app.close();
});

function context(caller: string, extra: Partial<CommandContext> = {}): CommandContext {
  return {
    actor: { kind: 'user', id: caller, role: 'monitor' },
    caller: { kind: 'user', id: caller },
    orgUnit: 'cn.yn.km',
    scope: ['cn.yn.km'],
    correlationId: uniqueName('corr'),
    ...extra,
  };
}

const note = (payload: z.input<typeof NoteDown.schema>, ctx: CommandContext) =>
  bus.execute(new NoteDownCommand(NoteDown.parse(payload), ctx));

/** The problem details an error answers with (what the HTTP filter sends). */
async function problemOf(promise: Promise<unknown>) {
  return problemFor(
    await promise.then(
      () => new Error('expected a refusal'),
      (error: unknown) => error,
    ),
    '/t',
  );
}

const count = async (n: string) => (await store.readStream(`test-note-${n}`)).length;

it('runs two concurrent executions with one key once: the other answers 409 or the same answer', async () => {
  const n = uniqueName('n');
  const ctx = context('alice', { idempotencyKey: `k-${n}` });
  const settled = await Promise.allSettled([
    note({ note: n, text: 'a' }, ctx),
    note({ note: n, text: 'a' }, ctx),
  ]);
  expect(await count(n)).toBe(1);
  const answers = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const refusals = settled.filter((s) => s.status === 'rejected').map((s) => problemFor(s.reason, '/t'));
  expect(answers.length).toBeGreaterThanOrEqual(1);
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  for (const problem of refusals)
    expect(problem).toMatchObject({ status: 409, rule: 'grading.idempotency-in-progress' });
});

it('answers a later retry with the same key and body with the first answer, appending nothing', async () => {
  const n = uniqueName('n');
  const ctx = context('alice', { idempotencyKey: `k-${n}` });
  const first = await note({ note: n, text: 'a' }, ctx);
  const again = await note({ note: n, text: 'a' }, { ...ctx, correlationId: 'another request' });
  expect(again).toEqual(first);
  expect(await count(n)).toBe(1);
});

it('refuses the same key with another body: 422 with the rule', async () => {
  const n = uniqueName('n');
  const ctx = context('alice', { idempotencyKey: `k-${n}` });
  await note({ note: n, text: 'a' }, ctx);
  expect(await problemOf(note({ note: n, text: 'b' }, ctx))).toMatchObject({
    status: 422,
    rule: 'grading.idempotency-key-reused',
  });
  expect(await count(n)).toBe(1);
});

it('gives another caller with the same key its own effect', async () => {
  const n = uniqueName('n');
  const key = `k-${n}`;
  const first = await note({ note: n, text: 'a' }, context('alice', { idempotencyKey: key }));
  const other = await note({ note: n, text: 'a' }, context('bob', { idempotencyKey: key }));
  expect(other.noteId).not.toBe(first.noteId);
  expect(await count(n)).toBe(2);
});

it('answers a stale If-Match with 409 and frees the key', async () => {
  const n = uniqueName('n');
  await note({ note: n, text: 'a' }, context('alice'));
  const ctx = context('alice', { idempotencyKey: `k-${n}`, expectedVersion: 0 });
  expect(await problemOf(note({ note: n, text: 'b' }, ctx))).toMatchObject({
    status: 409,
    currentVersion: 1,
  });
  const fresh = await note({ note: n, text: 'b' }, { ...ctx, expectedVersion: 1 });
  expect(fresh.version).toBe(2);
});

it('answers a domain refusal with 422 and its rule, and releases the key for a corrected retry', async () => {
  const n = uniqueName('n');
  const ctx = context('alice', { idempotencyKey: `k-${n}` });
  expect(await problemOf(note({ note: n, text: 'a', refuse: true }, ctx))).toMatchObject({
    status: 422,
    rule: 'grading.note-refused',
  });
  expect(await count(n)).toBe(0);
  const { rows } = await app
    .get<Pool>(PG_POOL)
    .query(`select 1 from ${schema}.command_idempotency where caller = 'user:alice' and key = $1`, [
      `k-${n}`,
    ]);
  expect(rows).toHaveLength(0);
  // The key is free: the corrected request is a new one, not a reuse.
  await note({ note: n, text: 'a' }, ctx);
  expect(await count(n)).toBe(1);
});

it('answers 409 while a claim runs, and lets a retry take it over once its lease ran out', async () => {
  const n = uniqueName('n');
  const key = `k-${n}`;
  const ctx = context('alice', { idempotencyKey: key });
  const pool = app.get<Pool>(PG_POOL);
  const hash = requestHash({
    type: NoteDown.type,
    schemaVersion: NoteDown.schemaVersion,
    payload: NoteDown.parse({ note: n, text: 'a' }),
    expectedVersion: undefined,
  });
  // A claim left running by a process that died between claim and commit.
  await pool.query(
    `insert into ${schema}.command_idempotency (caller, key, command_type, request_hash, status, claim_id, lease_until)
     values ('user:alice', $1, $2, $3, 'running', gen_random_uuid(), now() + interval '1 hour')`,
    [key, NoteDown.type, hash],
  );
  expect(await problemOf(note({ note: n, text: 'a' }, ctx))).toMatchObject({ status: 409 });
  await pool.query(
    `update ${schema}.command_idempotency set lease_until = now() - interval '1 second' where key = $1`,
    [key],
  );
  const taken = await note({ note: n, text: 'a' }, ctx);
  expect(taken.version).toBe(1);
  expect(await note({ note: n, text: 'a' }, ctx)).toEqual(taken);
  expect(await count(n)).toBe(1);
});

it('forgets completed answers past the retention, and nothing else', async () => {
  const n = uniqueName('n');
  const pool = app.get<Pool>(PG_POOL);
  await note({ note: n, text: 'a' }, context('dave', { idempotencyKey: `old-${n}` }));
  await note({ note: n, text: 'b' }, context('dave', { idempotencyKey: `new-${n}` }));
  await pool.query(
    `update ${schema}.command_idempotency set completed_at = now() - interval '25 hours' where key = $1`,
    [`old-${n}`],
  );
  expect(await app.get(IdempotencyStore).sweep()).toBeGreaterThanOrEqual(1);
  const { rows } = await pool.query<{ key: string }>(
    `select key from ${schema}.command_idempotency where caller = 'user:dave' order by key`,
  );
  expect(rows.map((r) => r.key)).toEqual([`new-${n}`]);
});
