// A service process shaped like every yuqing service (telemetry first, then Nest), with one command endpoint,
// the outbox relay and a consumer of its own events. Its spans go to SPANS_FILE as JSON lines, so the test
// can check that one trace runs HTTP → append → relay → Kafka → consumer.
// Env: DATABASE_URL, KAFKA_BROKERS, SERVICE_SCHEMA, SERVICE_TOPIC, SPANS_FILE, PORT.
import { appendFileSync } from 'node:fs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '@yuqing/telemetry';

class JsonLinesExporter implements SpanExporter {
  constructor(private readonly file: string) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      appendFileSync(
        this.file,
        JSON.stringify({
          name: span.name,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: span.parentSpanContext?.spanId,
        }) + '\n',
      );
    }
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

startTelemetry({
  serviceName: 'traced',
  spanProcessors: [new SimpleSpanProcessor(new JsonLinesExporter(process.env.SPANS_FILE!))],
});

// Everything instrumented is imported after the SDK started, as in a service's main.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('./traced-service.app') as { main: () => Promise<void> };
void main();
