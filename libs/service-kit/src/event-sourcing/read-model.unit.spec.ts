import type { Pool, PoolClient } from 'pg';
import { EventReader, ProjectionRunner, UpcasterChain } from '@yuqing/event-store';
import { ReadModel } from './read-model';

// A read model reads the service's schema, on the pool or, for a handler's lookup, on its transaction.
class Probe extends ReadModel {
  connection(): Pool | PoolClient {
    return this.db;
  }
  incidents(): string {
    return this.table('incidents');
  }
}

const runner = new ProjectionRunner({
  pool: {} as Pool,
  schema: 'grading',
  reader: new EventReader('grading', new UpcasterChain()),
  projections: [],
});

it('names its tables in the runner schema and reads on another connection through on()', () => {
  const pool = { name: 'pool' } as unknown as Pool;
  const client = { name: 'client' } as unknown as PoolClient;
  const probe = new Probe(pool, runner);
  const onClient = probe.on(client);
  expect(probe.incidents()).toBe('grading.incidents');
  expect(onClient).toBeInstanceOf(Probe);
  expect(onClient.connection()).toBe(client);
  expect(onClient.incidents()).toBe('grading.incidents');
  expect(probe.connection()).toBe(pool);
});
