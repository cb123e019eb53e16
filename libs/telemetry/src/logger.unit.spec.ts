import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

describe('createLogger', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
  afterAll(() => context.disable());

  it('writes JSON lines with the service and the active trace and span ids', () => {
    const out = capture();
    const logger = createLogger({ service: 'grading', destination: out.stream });
    const tracer = new BasicTracerProvider().getTracer('test');
    const span = tracer.startSpan('confirm-grade');
    context.with(trace.setSpan(context.active(), span), () =>
      logger.info({ incident: 'i-1' }, 'grade confirmed'),
    );
    span.end();

    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'grading',
      msg: 'grade confirmed',
      incident: 'i-1',
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
    });
    expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('censors secrets by key name', () => {
    const out = capture();
    const logger = createLogger({ service: 'gateway', destination: out.stream });
    logger.info(
      {
        password: 'hunter2',
        user: { token: 'eyJabc', name: '张三' },
        headers: { authorization: 'Bearer x' },
      },
      'login',
    );
    const text = JSON.stringify(out.lines());
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('eyJabc');
    expect(text).not.toContain('Bearer x');
    expect(out.lines()[0]).toMatchObject({ user: { name: '张三', token: '[redacted]' } });
  });
});
