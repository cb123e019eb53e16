import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Instrumentation } from '@opentelemetry/instrumentation';

export interface TelemetryOptions {
  readonly serviceName: string;
  /** OTLP/HTTP collector base URL; without it spans are still made (for trace ids in logs) but not sent. */
  readonly otlpEndpoint?: string;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  readonly spanProcessors?: readonly SpanProcessor[];
  readonly instrumentations?: readonly Instrumentation[];
}

export interface TelemetryHandle {
  shutdown(): Promise<void>;
}

let running: TelemetryHandle | undefined;

/**
 * Starts the OpenTelemetry SDK. Call it before anything that it instruments is imported (main.ts imports
 * `./instrument` first), otherwise http, pg and kafkajs are already loaded unpatched.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (running) return running;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  // A tracer provider is only registered when there is a processor; spans (and so trace ids) need one.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    spanProcessors: processors,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => request.url?.startsWith('/health/') ?? false,
      }),
      ...(options.instrumentations ?? []),
    ],
  });
  sdk.start();
  running = {
    shutdown: async () => {
      running = undefined;
      await sdk.shutdown();
    },
  };
  return running;
}
