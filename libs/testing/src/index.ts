export { infraEnv, testServiceConfig, uniqueName } from './infra';
