// The ingestion and grading services (and the gateway) in one process with telemetry started first, as each
// service's main.ts does; spans go to SPANS_FILE as JSON lines, so the test can follow one trace from a captured
// item through Kafka to the confirmed grade. Prints one line with the gateway's URL and tokens for the test.
// Env: DATABASE_URL, KAFKA_BROKERS, SPANS_FILE.
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
  serviceName: 'traced-grading',
  spanProcessors: [new SimpleSpanProcessor(new JsonLinesExporter(process.env.SPANS_FILE!))],
});

// Everything instrumented is loaded after the SDK started.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPlatform } = require('@yuqing/testing') as typeof import('@yuqing/testing');

void (async () => {
  const platform = await startPlatform({ only: ['ingestion', 'grading'] });
  const sign = (role: string) =>
    platform.signer.sign({
      subject: `${role}-traced`,
      kind: 'user',
      grants: [{ grantId: `grant-${role}`, role, orgUnit: 'cn.yn.km' }],
      scopes: [],
    });
  process.stdout.write(
    JSON.stringify({
      ready: true,
      gateway: platform.gateway.url,
      tokens: { monitor: await sign('monitor'), authority: await sign('grading-authority') },
    }) + '\n',
  );
  process.on('SIGTERM', () => void platform.close().then(() => process.exit(0)));
})();
