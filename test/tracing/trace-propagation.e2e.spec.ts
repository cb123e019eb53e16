import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, infraEnv, testDatabase, uniqueName } from '@yuqing/testing';

// One command followed across the platform by its trace: the HTTP request, the append, the relay's publish to
// Kafka and the consumer's processing all carry one trace id, each span a child of the one before.
interface SpanLine {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

const db = testDatabase('traced');
const topic = `yuqing.test.${uniqueName('traced')}`;
const spansFile = path.join(tmpdir(), `${uniqueName('spans')}.jsonl`);
let service: ChildProcess;
let baseUrl: string;

beforeAll(async () => {
  const { DATABASE_URL, KAFKA_BROKERS } = infraEnv();
  service = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'traced-service.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env,
      DATABASE_URL,
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      SERVICE_SCHEMA: db.schema,
      SERVICE_TOPIC: topic,
      SPANS_FILE: spansFile,
      PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  baseUrl = await new Promise<string>((resolve, reject) => {
    service.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    service.on('exit', (code) => reject(new Error(`service exited with ${code}: ${out}`)));
  });
});

afterAll(async () => {
  service.kill('SIGTERM');
  await new Promise((resolve) => service.once('exit', resolve));
  rmSync(spansFile, { force: true });
  await db.drop();
});

it('carries one trace id from the HTTP request through the append, Kafka and the consumer', async () => {
  const response = await fetch(`${baseUrl}/incidents/${uniqueName('i')}/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: '已核实:系谣言' }),
  });
  expect(response.status).toBe(201);

  await eventually('the consumer to handle the event', async () => {
    const { rows } = await db.pool.query(`select count(*)::int as n from ${db.schema}.consumed`);
    return rows[0].n === 1 ? true : undefined;
  });
  const spans = await eventually('the consumer span', async () => {
    if (!existsSync(spansFile)) return undefined;
    const lines = readFileSync(spansFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SpanLine);
    return lines.some((s) => s.name === `process ${topic}`) ? lines : undefined;
  });

  const byName = (name: string) => spans.filter((s) => s.name === name);
  const [server] = spans.filter((s) => s.name.startsWith('POST'));
  const [append] = byName('eventstore.append');
  const [publish] = byName(`publish ${topic}`);
  const [processed] = byName(`process ${topic}`);
  expect(server).toBeDefined();
  expect(append?.parentSpanId).toBe(server!.spanId);
  expect(publish?.parentSpanId).toBe(append!.spanId);
  expect(processed?.parentSpanId).toBe(publish!.spanId);
  expect(new Set([server, append, publish, processed].map((s) => s!.traceId))).toEqual(
    new Set([server!.traceId]),
  );
});
