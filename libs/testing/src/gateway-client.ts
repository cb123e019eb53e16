import { randomUUID } from 'node:crypto';
import type { RunningPlatform } from './platform';

/** An answer of the gateway: its status and its JSON object (empty when it sent none). */
export interface GatewayAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Calls the platform through its gateway as a person would: `as(role, orgUnit)` signs (once) a token of a user
 * holding that role in that unit; `call` sends a request with it and reads the JSON answer.
 */
export function gatewayClient(platform: () => RunningPlatform): {
  as(role: string, orgUnit: string): Promise<string>;
  call(method: string, path: string, token: string, body?: unknown): Promise<GatewayAnswer>;
} {
  const tokens = new Map<string, Promise<string>>();
  return {
    as(role, orgUnit) {
      const key = `${role}@${orgUnit}`;
      let token = tokens.get(key);
      if (!token) {
        token = platform().signer.sign({
          subject: `e2e-${role}`,
          kind: 'user',
          grants: [{ grantId: randomUUID(), role, orgUnit }],
          scopes: [],
        });
        tokens.set(key, token);
      }
      return token;
    },
    async call(method, path, token, body) {
      const response = await fetch(`${platform().gateway.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      return { status: response.status, body: json ?? {} };
    },
  };
}
