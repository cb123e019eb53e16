import type { ServiceUrls } from './service-urls';

export interface RoutingOptions {
  /** Where /api/<context>/... is forwarded. */
  readonly serviceUrls: ServiceUrls;
  readonly timeoutMs: number;
  readonly bodyLimitBytes: number;
  /** How long the gateway waits for a service's /openapi.json before listing it as unavailable. */
  readonly documentTimeoutMs: number;
}

export const ROUTING_OPTIONS = Symbol('ROUTING_OPTIONS');
