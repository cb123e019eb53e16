export { infraEnv, testServiceConfig, uniqueName } from './infra';
export { testDatabase } from './postgres';
