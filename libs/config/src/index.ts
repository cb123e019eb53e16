export { ConfigError, loadConfig, redactUrl, serviceConfigSchema } from './config';
export type { ServiceConfig } from './config';
export { consumeFromSchema, startFromOf } from './consume-from';
