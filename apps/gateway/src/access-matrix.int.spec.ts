import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { Pool } from 'pg';
import {
  decideAccess,
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
import { testServiceConfig, uniqueName } from '@yuqing/testing';
import { IdentityCommands } from './identity/identity-commands';
import { startGateway, type RunningGateway } from './testing/gateway-app';

// The access matrix, generated from the routes the app actually serves (not a hand list): every endpoint with a
// @Permission is called by a token for each role held in 宜良县, against a unit that is its own, a child, its
// sibling county, its parent city and another city; the answer must be exactly the decision the permission
// table and the tree give. An endpoint with neither @Permission nor @Public fails the test, and so does any
// list item outside the caller's scope. New endpoints join the matrix by existing.
const schema = uniqueName('matrix');
const base = testServiceConfig();
let gateway: RunningGateway;
let pool: Pool;

const HOME = 'cn.yn.km.yl';
const RELATIONS = {
  own: HOME,
  child: 'cn.yn.km.yl.kyz',
  sibling: 'cn.yn.km.sl',
  parent: 'cn.yn.km',
  'another city': 'cn.yn.qj',
} as const;
type Relation = keyof typeof RELATIONS;

interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly permission?: PermissionMetadata;
  readonly isPublic: boolean;
}

/** Every route of every controller in the app, from Nest's own metadata. */
function endpoints(): Endpoint[] {
  const found: Endpoint[] = [];
  for (const module of gateway.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = `/${[prefix, sub]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        found.push({
          method: RequestMethod[method],
          path,
          permission:
            (Reflect.getMetadata(PERMISSION_METADATA, handler) as PermissionMetadata | undefined) ??
            (Reflect.getMetadata(PERMISSION_METADATA, type) as PermissionMetadata | undefined),
          isPublic: Boolean(
            Reflect.getMetadata(PUBLIC_ENDPOINT, handler) ?? Reflect.getMetadata(PUBLIC_ENDPOINT, type),
          ),
        });
      }
    }
  }
  return found;
}

/** Things a resolver can name, one per relation unit: made before the matrix runs. */
const fixtures: Record<string, Partial<Record<Relation, string>>> = {
  'identity.user': {},
  'identity.grant': {},
};

async function principalFor(role: Role): Promise<{ token: string; principal: Principal }> {
  const grants = [{ grantId: uuidv7(), role, orgUnit: HOME }];
  const kind = role === 'integrator' ? 'integrator' : 'user';
  const scopes = role === 'integrator' ? [...PERMISSION_NAMES] : [];
  const token = await gateway.keys.signer().sign({ subject: `matrix-${role}`, kind, grants, scopes });
  return {
    token,
    principal: { subject: `matrix-${role}`, kind, grants, scopes, expiresAt: new Date(Date.now() + 600_000) },
  };
}

function requestFor(endpoint: Endpoint, relation: Relation): { url: string; body?: Record<string, string> } {
  const source = endpoint.permission!.orgUnitFrom;
  const target = RELATIONS[relation];
  let location: RequestLocation | undefined;
  let value: string | undefined;
  if (typeof source === 'string' && source !== 'none') {
    location = source;
    value = target;
  } else if (typeof source === 'object') {
    location = source.from;
    value = fixtures[source.resolver]?.[relation];
    if (!value)
      throw new Error(
        `no matrix fixture for resolver ${source.resolver}: add one to access-matrix.int.spec.ts`,
      );
  }
  let path = endpoint.path;
  const query = new URLSearchParams();
  const body: Record<string, string> = {};
  const [where, field] = location ? (location.split('.') as [string, string]) : [undefined, undefined];
  path = path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    where === 'params' && name === field ? value! : 'x',
  );
  if (where === 'query') query.set(field!, value!);
  if (where === 'body') body[field!] = value!;
  return {
    url: `${gateway.url}${path}${query.size > 0 ? `?${query}` : ''}`,
    ...(endpoint.method !== 'GET' ? { body } : {}),
  };
}

beforeAll(async () => {
  gateway = await startGateway(base, {
    schema,
    revocationGroupId: uniqueName('revocations'),
    streamGroupId: uniqueName('stream'),
  });
  pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
  const commands = gateway.app.get(IdentityCommands);
  for (const [relation, unit] of Object.entries(RELATIONS) as [Relation, string][]) {
    const meta = {
      orgUnit: unit,
      actor: { kind: 'service' as const, id: 'matrix' },
      correlationId: uuidv7(),
    };
    const userId = await commands.registerUser(
      { username: `matrix.${relation.replace(' ', '-')}`, displayName: relation, orgUnit: unit },
      meta,
    );
    fixtures['identity.user']![relation] = userId;
    fixtures['identity.grant']![relation] = await commands.grantRole(userId, 'monitor', unit, meta);
  }
});

afterAll(async () => {
  await gateway.close();
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('the access matrix over every HTTP endpoint', () => {
  it('finds the routes itself, and every one is either public or declares a permission', () => {
    const all = endpoints();
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((e) => !e.isPublic && !e.permission).map((e) => `${e.method} ${e.path}`)).toEqual([]);
    expect(
      all
        .filter((e) => e.isPublic)
        .map((e) => `${e.method} ${e.path}`)
        .sort(),
    ).toEqual([
      'GET /.well-known/jwks.json',
      'GET /.well-known/openid-configuration',
      'GET /health/live',
      'GET /health/ready',
      'GET /metrics',
      'POST /api/identity/login',
      'POST /api/identity/token',
    ]);
  });

  it('allows and denies each role × (own unit, child, sibling, parent, another city) exactly as the table and tree say, with zero reads across tenants', async () => {
    const protectedEndpoints = endpoints().filter((e) => e.permission);
    const mismatches: string[] = [];
    const leaks: string[] = [];
    let cells = 0;
    const outcomes = { allowed: 0, denied: 0 };
    for (const role of ROLE_NAMES) {
      const { token, principal } = await principalFor(role);
      for (const endpoint of protectedEndpoints) {
        const metadata = endpoint.permission!;
        const scope = scopeOf(principal, metadata.permission);
        for (const relation of Object.keys(RELATIONS) as Relation[]) {
          const { url, body } = requestFor(endpoint, relation);
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
          cells++;
          const cell = `${role} × ${relation}: ${endpoint.method} ${endpoint.path}`;
          if (response.status === 401 || response.status >= 500) {
            mismatches.push(`${cell} answered ${response.status}`);
            continue;
          }
          const allowed = response.status !== 403;
          outcomes[allowed ? 'allowed' : 'denied']++;
          if (allowed !== expected)
            mismatches.push(
              `${cell} was ${allowed ? 'allowed' : 'denied'}, expected ${expected ? 'allow' : 'deny'}`,
            );
          const items = (payload as { items?: { orgUnit?: string }[] } | undefined)?.items ?? [];
          for (const item of items) {
            if (item.orgUnit && !scope.some((s) => isWithin(item.orgUnit!, s)))
              leaks.push(`${cell} returned ${item.orgUnit}`);
          }
        }
      }
    }
    expect(cells).toBe(ROLE_NAMES.length * protectedEndpoints.length * Object.keys(RELATIONS).length);
    expect(mismatches).toEqual([]);
    // Not vacuous: both answers occur in quantity.
    expect(outcomes.allowed).toBeGreaterThan(50);
    expect(outcomes.denied).toBeGreaterThan(50);
    expect(leaks).toEqual([]);
  });
});
