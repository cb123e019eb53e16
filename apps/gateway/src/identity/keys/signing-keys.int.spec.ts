import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, type JWK } from 'jose';
import { Pool } from 'pg';
import { generateSigningKey, InvalidTokenError, TokenVerifier } from '@yuqing/auth';
import { migrate, SystemClock } from '@yuqing/service-kit';
import { createLogger } from '@yuqing/telemetry';
import { AdjustableClock, testServiceConfig, uniqueName, waitFor } from '@yuqing/testing';
import { startGateway, type RunningGateway } from '../../testing/gateway-app';
import { identityMigrations } from '../identity.schema';
import type { IdentityOptions } from '../identity.options';
import {
  decryptPrivateJwk,
  keyEncryptionKey,
  KeyDecryptionError,
  type EncryptedPrivateKey,
} from './key-encryption';
import { KeyStore } from './key-store';
import { rotateCommand } from './rotate-signing-key';

// The built-in issuer's signing key on the real servers: stored only encrypted under a key the database does not
// hold (a key stored in clear before is encrypted at start), and rotated: the new key signs, the old one verifies
// at a service until every token it signed has expired, JWKS serves both meanwhile, then only the new one.
const schema = uniqueName('keys');
const base = testServiceConfig();
const kekValue = randomBytes(32).toString('base64');
const kek = keyEncryptionKey(Buffer.from(kekValue, 'base64'), false);
const ttl = 600;
const clock = new AdjustableClock();
let gateway: RunningGateway;
let pool: Pool;
let legacy: Awaited<ReturnType<typeof generateSigningKey>>;

interface KeyRow {
  kid: string;
  state: string;
  private_jwk: JWK | null;
  private_key_encrypted: EncryptedPrivateKey | null;
  retire_at: Date | null;
  text: string;
}

async function rows(): Promise<KeyRow[]> {
  return (
    await pool.query<KeyRow>(
      `select k.*, row_to_json(k)::text as text from ${schema}.signing_keys k order by activated_at desc`,
    )
  ).rows;
}

async function login(): Promise<string> {
  const response = await fetch(`${gateway.url}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'yl.wxb', password: gateway.config.YUQING_DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const jwksKids = async (): Promise<string[]> =>
  ((await (await fetch(`${gateway.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] }).keys.map(
    (key) => key.kid!,
  );

/** A service as the others run: it fetches the gateway's JWKS (a new one each time: nothing cached). */
const service = () =>
  new TokenVerifier({
    issuer: gateway.config.AUTH_ISSUER,
    audience: gateway.config.AUTH_AUDIENCE,
    keys: { jwksUrl: `${gateway.url}/.well-known/jwks.json` },
  });

const atTheGateway = async (token: string) =>
  (await fetch(`${gateway.url}/api/identity/org-units`, { headers: { authorization: `Bearer ${token}` } }))
    .status;

beforeAll(async () => {
  pool = new Pool({ connectionString: base.DATABASE_URL, max: 2 });
  // A database as the gateway left it before encryption at rest: one key, its private JWK in clear.
  await migrate(
    pool,
    schema,
    identityMigrations().filter((m) => m.id < 'identity-0004'),
  );
  legacy = await generateSigningKey();
  await pool.query(`insert into ${schema}.signing_keys (kid, private_jwk, public_jwk) values ($1, $2, $3)`, [
    legacy.kid,
    legacy.privateJwk,
    legacy.publicJwk,
  ]);
  gateway = await startGateway(base, {
    schema,
    clock,
    env: { YUQING_KEY_ENCRYPTION_KEY: kekValue, AUTH_TOKEN_TTL_SECONDS: String(ttl) },
  });
});

afterAll(async () => {
  await gateway?.close();
  await pool.query(`drop schema if exists ${schema} cascade`);
  await pool.query(`drop schema if exists ${schema}_auth cascade`);
  await pool.end();
});

describe('the signing key at rest', () => {
  it('encrypts at start a key stored in clear, which keeps signing the same tokens', async () => {
    const [row] = await rows();
    expect(row).toMatchObject({ kid: legacy.kid, state: 'active', private_jwk: null });
    expect(row!.private_key_encrypted).toMatchObject({ v: 1, alg: 'A256GCM', kek: kek.fingerprint });
    const token = await login();
    expect(decodeProtectedHeader(token).kid).toBe(legacy.kid);
    await expect(service().verify(token)).resolves.toMatchObject({ kind: 'user' });
  });

  it('keeps no private key material in the database: the row alone cannot sign', async () => {
    const active = gateway.keys.activeKey();
    for (const row of await rows()) {
      expect(row.text).not.toMatch(/"d"\s*:/);
      expect(row.text).not.toContain('PRIVATE KEY');
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const)
        expect(row.text).not.toContain(active.privateJwk[member]!);
    }
    const [row] = await rows();
    // Only with the key-encryption key, which is not in the database, does it open.
    expect(decryptPrivateJwk(row!.private_key_encrypted!, row!.kid, kek)).toEqual(active.privateJwk);
    const wrong = keyEncryptionKey(randomBytes(32), false);
    expect(() => decryptPrivateJwk(row!.private_key_encrypted!, row!.kid, wrong)).toThrow(KeyDecryptionError);
  });

  it('stops a gateway whose key-encryption key is not the one the key was stored under, saying so', async () => {
    const wrong = keyEncryptionKey(randomBytes(32), false);
    const options: IdentityOptions = {
      schema,
      issuer: gateway.config.AUTH_ISSUER,
      audience: gateway.config.AUTH_AUDIENCE,
      tokenTtlSeconds: ttl,
      keyEncryptionKey: wrong,
    };
    const store = new KeyStore(
      pool,
      options,
      new SystemClock(),
      createLogger({ service: 'gateway', level: 'silent' }),
    );
    await expect(store.load()).rejects.toThrow(
      `signing key ${legacy.kid} does not decrypt: it was encrypted under key-encryption key ${kek.fingerprint}, the configured one (YUQING_KEY_ENCRYPTION_KEY) is ${wrong.fingerprint}`,
    );
  });
});

describe('rotating the signing key', () => {
  it('signs with the new key; the old one verifies at a service until its tokens expired, then no more', async () => {
    const before = await login();
    await expect(service().verify(before)).resolves.toMatchObject({ kind: 'user' });

    const rotation = await gateway.keys.rotate();
    expect(rotation.retiring).toBe(legacy.kid);
    const after = await login();
    expect(decodeProtectedHeader(after).kid).toBe(rotation.active);
    expect(rotation.active).not.toBe(legacy.kid);
    // JWKS serves both; a token of either key verifies at a service and at the gateway.
    expect(await jwksKids()).toEqual([rotation.active, legacy.kid]);
    await expect(service().verify(before)).resolves.toMatchObject({ kind: 'user' });
    await expect(service().verify(after)).resolves.toMatchObject({ kind: 'user' });
    expect(await atTheGateway(before)).toBe(200);
    expect(await atTheGateway(after)).toBe(200);
    // The old key signs nothing more, so its private half is gone; it retires once its last token has expired.
    const old = (await rows()).find((row) => row.kid === legacy.kid)!;
    expect(old).toMatchObject({ state: 'retiring', private_key_encrypted: null, private_jwk: null });
    expect(old.retire_at!.getTime()).toBeGreaterThan(clock.now().getTime() + ttl * 1000);

    // Past the retirement time: JWKS serves the new key only, and the old key's tokens verify nowhere.
    clock.set(new Date(old.retire_at!.getTime() + 1000));
    expect(await jwksKids()).toEqual([rotation.active]);
    await expect(service().verify(before)).rejects.toThrow(
      new InvalidTokenError('token is not signed by a trusted key'),
    );
    await expect(service().verify(after)).resolves.toMatchObject({ kind: 'user' });
    expect(await atTheGateway(before)).toBe(401);
    expect(await atTheGateway(after)).toBe(200);
  });

  it('is an operator command too: running gateways take up its key; a wrong key-encryption key is refused', async () => {
    const env = {
      DATABASE_URL: base.DATABASE_URL,
      YUQING_KEY_ENCRYPTION_KEY: kekValue,
      AUTH_TOKEN_TTL_SECONDS: String(ttl),
    };
    const previous = gateway.keys.activeKey().kid;
    const wrongKek = { ...env, YUQING_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const refused = await rotateCommand(wrongKek, ['--schema', schema], clock.now());
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`signing key ${previous} does not decrypt`);
    const missing = await rotateCommand({ DATABASE_URL: base.DATABASE_URL, HOST: '0.0.0.0' }, [
      '--schema',
      schema,
    ]);
    expect(missing).toEqual({
      code: 1,
      output: 'keys:rotate: Invalid configuration: YUQING_KEY_ENCRYPTION_KEY is required\n',
    });
    expect((await rows()).filter((row) => row.state === 'active').map((row) => row.kid)).toEqual([previous]);

    const done = await rotateCommand(env, ['--schema', schema], clock.now());
    expect(done.code).toBe(0);
    const printed = JSON.parse(done.output) as { active: string; retiring: string; retireAt: string };
    expect(printed.retiring).toBe(previous);
    await waitFor('the gateway serves the new key', async () => (await jwksKids()).includes(printed.active));
    expect(await jwksKids()).toEqual([printed.active, previous]);
    const token = await (async () => {
      await gateway.keys.load();
      return gateway.keys
        .signer()
        .sign(
          { subject: 'u', kind: 'user', grants: [{ grantId: 'g', role: 'monitor', orgUnit: 'cn.yn' }] },
          new Date(),
        );
    })();
    expect(decodeProtectedHeader(token).kid).toBe(printed.active);
    await expect(service().verify(token)).resolves.toMatchObject({ subject: 'u' });
  });
});

describe('serving the keys', () => {
  it('keeps serving the keys it has while their table cannot be read, and reloads once however many ask', async () => {
    const served = (await gateway.keys.currentJwks()).keys.map((key) => key.kid);
    expect(served.length).toBeGreaterThan(0);
    // The table out of reach (as with the database away): the JWKS still answers with the keys loaded.
    await pool.query(`alter table ${schema}.signing_keys rename to signing_keys_away`);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the one-reload-a-second limit
      const asked = await Promise.all(Array.from({ length: 20 }, () => gateway.keys.currentJwks()));
      for (const jwks of asked) expect(jwks.keys.map((key) => key.kid)).toEqual(served);
      const response = await fetch(`${gateway.url}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
    } finally {
      await pool.query(`alter table ${schema}.signing_keys_away rename to signing_keys`);
    }
  });
});
