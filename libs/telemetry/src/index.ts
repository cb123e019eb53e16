export { startTelemetry } from './tracing';
export type { TelemetryHandle, TelemetryOptions } from './tracing';
export { createLogger, REDACTED_KEYS } from './logger';
export type { Logger, LoggerOptions } from './logger';
