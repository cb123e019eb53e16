export { ConfigError, flag, loadConfig, redactUrl, serviceConfigSchema } from './config';
export type { ServiceConfig } from './config';
export { consumeFromSchema, startFromOf } from './consume-from';
export { assertDemoAllowed, isLocalDatabase, isLoopbackHost } from './demo';
export { consumerConfigShape } from './consumer';
export type { ConsumerSettings } from './consumer';
