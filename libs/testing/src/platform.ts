import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { JWTVerifyGetKey } from 'jose';
import type { ServiceConfig } from '@yuqing/config';
import { testServiceConfig, uniqueName } from './infra';

// The whole platform in one test process, as `npm start` runs it: every app under apps/ started from its module
// on a free port, the gateway last (it issues the tokens and routes /api/<context>/... to the others). An app
// joins by having `src/testing/harness.ts` export `harness: ServiceHarness`; an app with a main.ts and no harness
// fails the start, so none is forgotten.

const ROOT = path.resolve(__dirname, '../../..');
export const HARNESS_FILE = 'src/testing/harness.ts';

export interface HarnessContext {
  readonly base: ServiceConfig;
  /** Unique to this run: the service's schema, and the prefix of its consumer groups. */
  readonly schema: string;
  /** The platform issuer's `iss` and `aud`. */
  readonly issuer: string;
  readonly audience: string;
  /**
   * The platform issuer's public keys (the gateway's), for the services' TokenVerifier; usable once the gateway
   * is up, which is before any request.
   */
  readonly keys: JWTVerifyGetKey;
  /** Base URLs of the services started before, by context: for the gateway's SERVICE_URLS. */
  readonly serviceUrls: Readonly<Record<string, string>>;
}

/** A request that passes an endpoint's validation, so an allowed cell of the access matrix is really served. */
export interface MatrixRequest {
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** What a service holds in each org unit for the access matrix. */
export interface MatrixFixtures {
  /** For each resolver its @Permission endpoints name: org unit → id of a thing in that unit. */
  readonly resolved: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * A valid request for `endpoint` (`POST /api/ingestion/items`, as Nest declares the path) concerning `orgUnit`;
   * called once per cell. Undefined: the matrix sends only the org unit where the permission reads it.
   */
  request?(endpoint: string, orgUnit: string): MatrixRequest | undefined;
}

/** What the platform's tokens say (as @yuqing/auth's TokenSigner signs them; not imported here, no cycle). */
export interface PlatformTokenSubject {
  readonly subject: string;
  readonly kind: 'user' | 'integrator';
  readonly grants: readonly { readonly grantId: string; readonly role: string; readonly orgUnit: string }[];
  readonly scopes: readonly string[];
}

export interface PlatformSigner {
  sign(subject: PlatformTokenSubject): Promise<string>;
}

export interface RunningService {
  readonly name: string;
  readonly app: INestApplication;
  readonly url: string;
  /** Only the issuer (the gateway): signs the platform's tokens. */
  readonly issuer?: { readonly signer: PlatformSigner; readonly getKey: JWTVerifyGetKey };
  /** Makes one of each thing the service's resolvers map to an org unit, in each of `orgUnits`. */
  seedMatrix(orgUnits: readonly string[]): Promise<MatrixFixtures>;
  close(): Promise<void>;
}

export interface ServiceHarness {
  /** The token issuer and router (the gateway): started last, with the other services' URLs. */
  readonly issuer?: boolean;
  start(context: HarnessContext): Promise<Omit<RunningService, 'name'>>;
}

export interface RunningPlatform {
  /** The issuer and single entry: every request of the console goes here. */
  readonly gateway: RunningService;
  /** Every service, the gateway included, by app name. */
  readonly services: ReadonlyMap<string, RunningService>;
  readonly signer: PlatformSigner;
  close(): Promise<void>;
}

/** Apps under apps/ that run as a service (have a main.ts), with their harness file when they have one. */
export function platformApps(): { name: string; harness: string | undefined }[] {
  return readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'apps', entry.name, 'src/main.ts')))
    .map((entry) => {
      const file = path.join(ROOT, 'apps', entry.name, HARNESS_FILE);
      return { name: entry.name, harness: existsSync(file) ? file : undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isHarness(value: unknown): value is ServiceHarness {
  return typeof value === 'object' && value !== null && typeof (value as ServiceHarness).start === 'function';
}

async function loadHarness(name: string, file: string | undefined): Promise<ServiceHarness> {
  if (!file)
    throw new Error(`apps/${name} runs as a service but has no ${HARNESS_FILE}: add one (see libs/testing)`);
  // Loaded by path: a test may not import an app by name (module boundaries), and new apps join by existing.
  const loaded = (await import(file)) as { harness?: unknown };
  if (!isHarness(loaded.harness)) throw new Error(`apps/${name}/${HARNESS_FILE} does not export a harness`);
  return loaded.harness;
}

/**
 * Starts every app under apps/ (the gateway last), each with its own schemas and consumer groups; `only` starts
 * just the named apps and the issuer, for a cross-service test that needs no more.
 */
export async function startPlatform(options: { only?: readonly string[] } = {}): Promise<RunningPlatform> {
  const base = testServiceConfig();
  const issuer = 'https://issuer.platform.test';
  const audience = 'yuqing';
  // The services start before the gateway: their verifiers reach its keys once it is up.
  const issuerKeys: { current?: JWTVerifyGetKey } = {};
  const keys: JWTVerifyGetKey = (header, token) => {
    if (!issuerKeys.current) throw new Error('the platform issuer has not started');
    return issuerKeys.current(header, token);
  };
  const wanted = (name: string) => !options.only || options.only.includes(name);
  const apps = await Promise.all(
    platformApps().map(async (app) => ({
      name: app.name,
      harness: await loadHarness(app.name, app.harness),
    })),
  );
  const issuers = apps.filter((app) => app.harness.issuer);
  if (issuers.length !== 1) throw new Error(`expected one issuing app, found ${issuers.length}`);
  const unknown = (options.only ?? []).filter((name) => !apps.some((app) => app.name === name));
  if (unknown.length > 0) throw new Error(`no app named ${unknown.join(', ')} under apps/`);
  const services = new Map<string, RunningService>();
  const close = async () => {
    for (const service of [...services.values()].reverse()) await service.close();
  };
  try {
    for (const app of [...apps.filter((a) => !a.harness.issuer && wanted(a.name)), issuers[0]!]) {
      const serviceUrls = Object.fromEntries([...services.values()].map((s) => [s.name, s.url]));
      const running = await app.harness.start({
        base,
        schema: uniqueName(app.name.replace(/-/g, '_')),
        issuer,
        audience,
        keys,
        serviceUrls,
      });
      services.set(app.name, { ...running, name: app.name });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const gateway = services.get(issuers[0]!.name)!;
  issuerKeys.current = gateway.issuer!.getKey;
  return { gateway, services, signer: gateway.issuer!.signer, close };
}
