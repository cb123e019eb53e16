// Imported first by main.ts: the OpenTelemetry SDK must patch http, pg and kafkajs before they load.
import { startTelemetry } from '@yuqing/telemetry';

startTelemetry({ serviceName: 'review', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
