import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import {
  decideAccess,
  FORWARDED_ENDPOINT,
  isWithin,
  PERMISSION_METADATA,
  PERMISSION_NAMES,
  PUBLIC_ENDPOINT,
  ROLE_NAMES,
  scopeOf,
  type PermissionMetadata,
  type Principal,
  type RequestLocation,
  type Role,
} from '@yuqing/auth';
import { uuidv7 } from '@yuqing/event-store';
import { platformApps, startPlatform, type MatrixFixtures, type RunningPlatform } from '@yuqing/testing';

// The access matrix of the whole platform, generated from the routes each app actually serves (not a hand list):
// every app under apps/ is started from its module (libs/testing startPlatform), and every endpoint with a
// @Permission is called, through the gateway as the console calls it, by a token for each role held in 宜良县,
// against a unit that is its own, a child, its sibling county, its parent city and another city. The answer must
// be exactly the decision the permission table and the tree give; an allowed write with a valid request must be
// served. An endpoint with neither @Permission nor @Public fails the test, and so does any listed row outside the
// caller's scope. New endpoints and new apps join the matrix by existing.

const HOME = 'cn.yn.km.yl';
const RELATIONS = {
  own: HOME,
  child: 'cn.yn.km.yl.kyz',
  sibling: 'cn.yn.km.sl',
  parent: 'cn.yn.km',
  'another city': 'cn.yn.qj',
} as const;
type Relation = keyof typeof RELATIONS;

/** Open to anyone on every service (the service kit's), plus what a service opens on purpose. */
const PUBLIC_EVERYWHERE = ['GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /openapi.json'];
const PUBLIC_ALSO: Record<string, string[]> = {
  gateway: [
    'GET /.well-known/jwks.json',
    'GET /.well-known/openid-configuration',
    'GET /api/openapi.json',
    'POST /api/identity/login',
    'POST /api/identity/token',
    // The console's session: signing in takes a password, and reading or ending one needs its cookie.
    'DELETE /api/session',
    'GET /api/session',
    'POST /api/session',
  ],
};
/** Routes that only forward to the service that checks the request (@Forwarded). */
const FORWARDED: Record<string, string[]> = { gateway: ['ALL /api/:context', 'ALL /api/:context/*path'] };

interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly permission?: PermissionMetadata;
  readonly access: 'public' | 'permission' | 'forwarded' | 'undeclared';
}

const key = (e: Pick<Endpoint, 'method' | 'path'>) => `${e.method} ${e.path}`;

/** Every route of every controller in an app, from Nest's own metadata. */
function endpointsOf(app: INestApplication): Endpoint[] {
  const found: Endpoint[] = [];
  const paths = (value: unknown) => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]);
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const read = <T>(metadataKey: string) =>
          (Reflect.getMetadata(metadataKey, handler) ?? Reflect.getMetadata(metadataKey, type)) as
            T | undefined;
        const permission = read<PermissionMetadata>(PERMISSION_METADATA);
        const access = read<boolean>(PUBLIC_ENDPOINT)
          ? 'public'
          : read<boolean>(FORWARDED_ENDPOINT)
            ? 'forwarded'
            : permission
              ? 'permission'
              : 'undeclared';
        for (const prefix of paths(Reflect.getMetadata(PATH_METADATA, type))) {
          for (const sub of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
            const path = `/${[prefix, sub]
              .map((p) => p.replace(/^\/|\/$/g, ''))
              .filter(Boolean)
              .join('/')}`;
            found.push({
              method: RequestMethod[method],
              path,
              access,
              ...(permission ? { permission } : {}),
            });
          }
        }
      }
    }
  }
  return found;
}

let platform: RunningPlatform;
const fixtures = new Map<string, MatrixFixtures>();

async function principalFor(role: Role): Promise<{ token: string; principal: Principal }> {
  const grants = [{ grantId: uuidv7(), role, orgUnit: HOME }];
  const kind = role === 'integrator' ? 'integrator' : 'user';
  const scopes = role === 'integrator' ? [...PERMISSION_NAMES] : [];
  const token = await platform.signer.sign({ subject: `matrix-${role}`, kind, grants, scopes });
  return {
    token,
    principal: { subject: `matrix-${role}`, kind, grants, scopes, expiresAt: new Date(Date.now() + 600_000) },
  };
}

/** The request of one cell: the org unit (or the id of a thing in it) where the permission reads it. */
function requestFor(
  service: string,
  endpoint: Endpoint,
  relation: Relation,
): { url: string; body?: Record<string, unknown>; validRequest: boolean } {
  const source = endpoint.permission!.orgUnitFrom;
  const unit = RELATIONS[relation];
  const serviceFixtures = fixtures.get(service)!;
  const valid = serviceFixtures.request?.(key(endpoint), unit);
  let location: RequestLocation | undefined;
  let value: string | undefined;
  if (typeof source === 'string' && source !== 'none') {
    location = source;
    value = unit;
  } else if (typeof source === 'object') {
    location = source.from;
    value = serviceFixtures.resolved[source.resolver]?.[unit];
    if (!value)
      throw new Error(
        `no matrix fixture for resolver ${source.resolver} of ${service}: seed one in its harness`,
      );
  }
  const [where, field] = location ? (location.split('.') as [string, string]) : [undefined, undefined];
  const path = endpoint.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    encodeURIComponent(where === 'params' && name === field ? value! : (valid?.params?.[name] ?? 'x')),
  );
  const query = new URLSearchParams();
  if (where === 'query') query.set(field!, value!);
  const body: Record<string, unknown> = { ...valid?.body };
  if (where === 'body') body[field!] = value!;
  return {
    // Through the gateway, as the console and integrators call every service.
    url: `${platform.gateway.url}${path}${query.size > 0 ? `?${query}` : ''}`,
    ...(endpoint.method !== 'GET' ? { body } : {}),
    validRequest: valid !== undefined,
  };
}

const namesRow = (row: unknown): row is { orgUnit: string } =>
  typeof row === 'object' && row !== null && typeof (row as { orgUnit?: unknown }).orgUnit === 'string';

/**
 * Rows of every list in an answer that name an org unit, but `above`: the org tree names the units a caller's
 * scope sits under (the ones it reports to), checked apart by `aboveRows`.
 */
function listedRows(payload: unknown): { orgUnit: string }[] {
  if (typeof payload !== 'object' || payload === null) return [];
  return Object.entries(payload)
    .filter(([key, value]) => key !== 'above' && Array.isArray(value))
    .flatMap(([, value]) => value as unknown[])
    .filter(namesRow);
}

function aboveRows(payload: unknown): { orgUnit: string }[] {
  const above = (payload as { above?: unknown } | null)?.above;
  return Array.isArray(above) ? above.filter(namesRow) : [];
}

beforeAll(async () => {
  platform = await startPlatform();
  for (const [name, service] of platform.services)
    fixtures.set(name, await service.seedMatrix(Object.values(RELATIONS)));
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

describe('the access matrix over every HTTP endpoint of every service', () => {
  it('starts every app under apps/ and finds its routes itself: each is public, declares a permission, or is forwarded', () => {
    expect([...platform.services.keys()].sort()).toEqual(platformApps().map((app) => app.name));
    expect(platform.services.size).toBeGreaterThanOrEqual(2);
    for (const [name, service] of platform.services) {
      const all = endpointsOf(service.app);
      const list = (access: Endpoint['access']) =>
        all
          .filter((e) => e.access === access)
          .map(key)
          .sort();
      expect({ name, undeclared: list('undeclared') }).toEqual({ name, undeclared: [] });
      expect({ name, public: list('public') }).toEqual({
        name,
        public: [...PUBLIC_EVERYWHERE, ...(PUBLIC_ALSO[name] ?? [])].sort(),
      });
      expect({ name, forwarded: list('forwarded') }).toEqual({ name, forwarded: FORWARDED[name] ?? [] });
      expect(list('permission').length).toBeGreaterThanOrEqual(5);
    }
  });

  it('allows and denies each role × (own unit, child, sibling, parent, another city) exactly as the table and tree say, serves the allowed, and reads nothing across tenants', async () => {
    const mismatches: string[] = [];
    const leaks: string[] = [];
    const cells: Record<string, { allowed: number; denied: number; rowsChecked: number; lists: number }> = {};
    let total = 0;
    let expectedTotal = 0;
    for (const role of ROLE_NAMES) {
      const { token, principal } = await principalFor(role);
      for (const [service, running] of platform.services) {
        const counts = (cells[service] ??= { allowed: 0, denied: 0, rowsChecked: 0, lists: 0 });
        const protectedEndpoints = endpointsOf(running.app).filter((e) => e.access === 'permission');
        expectedTotal += protectedEndpoints.length * Object.keys(RELATIONS).length;
        for (const endpoint of protectedEndpoints) {
          const metadata = endpoint.permission!;
          const scope = scopeOf(principal, metadata.permission);
          const isList = endpoint.method === 'GET' && (metadata.orgUnitFrom === 'none' || metadata.optional);
          if (isList && role === ROLE_NAMES[0]) counts.lists++;
          for (const relation of Object.keys(RELATIONS) as Relation[]) {
            const { url, body, validRequest } = requestFor(service, endpoint, relation);
            // A resolver's fixture lives in the relation's unit, so the target is that unit either way.
            const target = metadata.orgUnitFrom === 'none' ? undefined : RELATIONS[relation];
            const expected = decideAccess(principal, metadata.permission, target).allowed;
            const abort = new AbortController();
            const response = await fetch(url, {
              method: endpoint.method,
              signal: abort.signal,
              headers: {
                authorization: `Bearer ${token}`,
                ...(body ? { 'content-type': 'application/json' } : {}),
              },
              ...(body ? { body: JSON.stringify(body) } : {}),
            });
            const isStream = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
            const payload: unknown = isStream ? undefined : await response.json().catch(() => undefined);
            abort.abort();
            total++;
            const cell = `${role} × ${relation}: ${service} ${key(endpoint)}`;
            const detail = (payload as { detail?: string } | undefined)?.detail ?? '';
            if (response.status === 401 || response.status >= 500) {
              mismatches.push(`${cell} answered ${response.status} ${detail}`);
              continue;
            }
            const allowed = response.status !== 403;
            counts[allowed ? 'allowed' : 'denied']++;
            if (allowed !== expected) {
              mismatches.push(
                `${cell} was ${allowed ? 'allowed' : 'denied'}, expected ${expected ? 'allow' : 'deny'}`,
              );
              continue;
            }
            // An allowed cell is served: its route and fixture were found, and a valid request passes. A repeated
            // decision may be refused by the domain (verifying a dismissed item: 409/422); where the service gave
            // no valid request, the body holds only the org unit and may be refused as invalid (400).
            const served =
              response.status < 300 ||
              [409, 422].includes(response.status) ||
              (!validRequest && response.status === 400);
            if (allowed && !served) mismatches.push(`${cell} answered ${response.status} ${detail}`);
            for (const row of listedRows(payload)) {
              counts.rowsChecked++;
              if (!scope.some((s) => isWithin(row.orgUnit, s))) leaks.push(`${cell} returned ${row.orgUnit}`);
            }
            for (const row of aboveRows(payload)) {
              counts.rowsChecked++;
              const over = scope.some((s) => s !== row.orgUnit && isWithin(s, row.orgUnit));
              if (!over) leaks.push(`${cell} named ${row.orgUnit}, which is not above its scope`);
            }
          }
        }
      }
    }
    expect(total).toBe(expectedTotal);
    expect(mismatches).toEqual([]);
    expect(leaks).toEqual([]);
    // Not vacuous: on every service both answers occur, and its scoped lists returned rows to check.
    for (const [service, counts] of Object.entries(cells)) {
      expect({ service, allowedSome: counts.allowed > 10, deniedSome: counts.denied > 10 }).toEqual({
        service,
        allowedSome: true,
        deniedSome: true,
      });
      if (counts.lists > 0)
        expect({ service, rowsChecked: counts.rowsChecked > 0 }).toEqual({ service, rowsChecked: true });
    }
  }, 300_000);
});
