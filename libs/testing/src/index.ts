export { infraEnv, testConsumeFrom, testServiceConfig, uniqueName } from './infra';
export { rewriteBehindTheLog, testDatabase } from './postgres';
export { HARNESS_FILE, platformApps, startPlatform } from './platform';
export type {
  HarnessContext,
  MatrixFixtures,
  MatrixRequest,
  PlatformSigner,
  PlatformTokenSubject,
  RunningPlatform,
  RunningService,
  ServiceHarness,
} from './platform';
export { eventually, waitFor } from './eventually';
export { gatewayClient } from './gateway-client';
export type { GatewayAnswer } from './gateway-client';
export { AdjustableClock } from './clock';
