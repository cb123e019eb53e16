import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Pool, PoolClient } from 'pg';
import { generateSigningKey, TokenSigner, type SigningKey } from '@yuqing/auth';
import { inTransaction } from '@yuqing/event-store';
import { Clock, LOGGER, migrate, PG_POOL } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { identityMigrations } from '../identity.schema';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import {
  decryptPrivateJwk,
  encryptPrivateJwk,
  KEK_VARIABLE,
  type EncryptedPrivateKey,
  type KeyEncryptionKey,
} from './key-encryption';
import {
  KEY_REFRESH_SECONDS,
  retirementTime,
  signingKeyOf,
  verifyingKeys,
  type KeyRecord,
  type KeyState,
} from './key-rotation';

interface KeyRow {
  kid: string;
  private_jwk: JWK | null;
  private_key_encrypted: EncryptedPrivateKey | null;
  public_jwk: JWK;
  state: KeyState;
  activated_at: Date;
  retiring_at: Date | null;
  retire_at: Date | null;
}

/** What a rotation did, as the operator command prints it. */
export interface Rotation {
  readonly active: string;
  readonly retiring: string | null;
  readonly retireAt: string | null;
}

const lockName = (schema: string) => `yuqing.signing-keys.${schema}`;
/** The fewest milliseconds between reloads a request can cause (JWKS fetches, tokens of unknown kids). */
const RELOAD_AT_MOST_MS = 1000;

/**
 * Brings the key table to its present form under the schema's lock: a private key still stored in clear (before
 * encryption at rest) is encrypted in place, since refusing it would end every session and integration at once
 * for a key that is still good; its clear copy is removed. Keys past their retirement are marked retired, and
 * the first start creates the first key. Returns the kids it encrypted.
 */
export async function prepareSigningKeys(
  pool: Pool,
  schema: string,
  kek: KeyEncryptionKey,
  now: Date,
): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [lockName(schema)]);
    const plain = await client.query<{ kid: string; private_jwk: JWK }>(
      `select kid, private_jwk from ${schema}.signing_keys where private_jwk is not null`,
    );
    for (const row of plain.rows) {
      await client.query(
        `update ${schema}.signing_keys set private_key_encrypted = $2, private_jwk = null where kid = $1`,
        [row.kid, encryptPrivateJwk(row.private_jwk, row.kid, kek)],
      );
    }
    await retireDue(client, schema, now);
    const active = await client.query(`select 1 from ${schema}.signing_keys where state = 'active'`);
    if (active.rowCount === 0) await insertActive(client, schema, kek, now);
    return plain.rows.map((row) => row.kid);
  });
}

/**
 * A new key signs from `now`; the active one becomes retiring (it keeps verifying until every token it signed has
 * expired) and its private half is deleted, since it signs nothing more.
 */
export async function rotateSigningKey(
  pool: Pool,
  schema: string,
  kek: KeyEncryptionKey,
  tokenTtlSeconds: number,
  now: Date,
): Promise<Rotation> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [lockName(schema)]);
    await retireDue(client, schema, now);
    // A KEK that does not open the active key would leave every replica with a key it cannot decrypt.
    const current = await client.query<{ kid: string; private_key_encrypted: EncryptedPrivateKey | null }>(
      `select kid, private_key_encrypted from ${schema}.signing_keys where state = 'active'`,
    );
    for (const row of current.rows)
      if (row.private_key_encrypted) decryptPrivateJwk(row.private_key_encrypted, row.kid, kek);
    const retireAt = retirementTime(now, tokenTtlSeconds);
    const old = await client.query<{ kid: string }>(
      `update ${schema}.signing_keys
          set state = 'retiring', retiring_at = $1, retire_at = $2, private_key_encrypted = null, private_jwk = null
        where state = 'active' returning kid`,
      [now, retireAt],
    );
    const active = await insertActive(client, schema, kek, now);
    const retiring = old.rows[0]?.kid ?? null;
    return { active, retiring, retireAt: retiring ? retireAt.toISOString() : null };
  });
}

async function retireDue(client: PoolClient, schema: string, now: Date): Promise<void> {
  await client.query(
    `update ${schema}.signing_keys set state = 'retired', private_key_encrypted = null, private_jwk = null
      where state = 'retiring' and retire_at <= $1`,
    [now],
  );
}

async function insertActive(
  client: PoolClient,
  schema: string,
  kek: KeyEncryptionKey,
  now: Date,
): Promise<string> {
  const key = await generateSigningKey();
  await client.query(
    `insert into ${schema}.signing_keys (kid, private_key_encrypted, public_jwk, state, activated_at, created_at)
     values ($1, $2, $3, 'active', $4, $4)`,
    [key.kid, encryptPrivateJwk(key.privateJwk, key.kid, kek), key.publicJwk, now],
  );
  return key.kid;
}

/**
 * The built-in issuer's RSA keys, kept in the identity schema so every gateway replica signs with the same key
 * and tokens survive a restart; the private half only encrypted under the key-encryption key, which the database
 * does not hold. Each replica reloads the keys every KEY_REFRESH_SECONDS (and at once for a token of a kid it does
 * not know), so a rotation made by another replica or by `npm run keys:rotate` reaches every signer and verifier.
 */
@Injectable()
export class KeyStore implements OnModuleInit, OnModuleDestroy {
  private records: KeyRecord[] = [];
  private active: SigningKey | undefined;
  private signerInstance: TokenSigner | undefined;
  private loadedAt = 0;
  private reloading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const { schema, keyEncryptionKey: kek } = this.options;
    // The read models and key table come first: everything else in the identity module reads them.
    await migrate(this.pool, schema, identityMigrations());
    if (kek.devOnly)
      this.logger.warn(
        `signing keys are encrypted under the development key-encryption key: set ${KEK_VARIABLE} outside local development`,
      );
    const encrypted = await prepareSigningKeys(this.pool, schema, kek, this.clock.now());
    if (encrypted.length > 0)
      this.logger.warn(
        { kids: encrypted },
        'signing keys stored in clear were encrypted at rest; copies of the database taken before hold them: rotate (npm run keys:rotate)',
      );
    await this.load();
    this.timer = setInterval(() => void this.reload(), KEY_REFRESH_SECONDS * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reads the keys; decrypts the active one when it changed. A key that does not decrypt stops the start. */
  async load(): Promise<void> {
    const { schema, keyEncryptionKey: kek } = this.options;
    const { rows } = await this.pool.query<KeyRow>(
      `select kid, private_jwk, private_key_encrypted, public_jwk, state, activated_at, retiring_at, retire_at
         from ${schema}.signing_keys where state <> 'retired' order by activated_at desc`,
    );
    const records = rows.map((row): KeyRecord => ({
      kid: row.kid,
      publicJwk: row.public_jwk,
      state: row.state,
      activatedAt: row.activated_at,
      retiringAt: row.retiring_at,
      retireAt: row.retire_at,
    }));
    const signing = signingKeyOf(records);
    if (!signing) throw new Error(`${schema}.signing_keys has no active signing key`);
    if (this.active?.kid !== signing.kid) {
      const row = rows.find((r) => r.kid === signing.kid)!;
      if (!row.private_key_encrypted)
        throw new Error(`signing key ${row.kid} in ${schema}.signing_keys has no encrypted private key`);
      this.active = {
        kid: row.kid,
        privateJwk: decryptPrivateJwk(row.private_key_encrypted, row.kid, kek),
        publicJwk: row.public_jwk,
      };
      this.signerInstance = undefined;
    }
    this.records = records;
    this.loadedAt = Date.now();
  }

  /**
   * One reload at a time, however many requests ask (a burst of unknown key ids, JWKS hits); a failed one keeps the
   * keys already loaded, so the JWKS and sign-ins go on while the database is away.
   */
  private reload(): Promise<void> {
    this.reloading ??= this.load()
      .catch((error: unknown) => {
        this.loadedAt = Date.now(); // not again at once: at most one attempt a second
        this.logger.warn({ err: error }, 'reloading the signing keys failed; the loaded ones stay in use');
      })
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }

  /** Makes a new key active for signing; the old one verifies until its tokens have expired. */
  async rotate(): Promise<Rotation> {
    const { schema, keyEncryptionKey: kek, tokenTtlSeconds } = this.options;
    const rotation = await rotateSigningKey(this.pool, schema, kek, tokenTtlSeconds, this.clock.now());
    await this.load();
    return rotation;
  }

  /** The keys' states and times, newest first (no key material but the public halves). */
  keys(): readonly KeyRecord[] {
    return this.records;
  }

  /** The public keys, as served at /.well-known/jwks.json: the active key and those still retiring. */
  jwks(): JSONWebKeySet {
    return { keys: verifyingKeys(this.records, this.clock.now()).map((key) => key.publicJwk) };
  }

  /** The JWKS, reloaded first unless just loaded (the endpoint is public: at most one query a second). */
  async currentJwks(): Promise<JSONWebKeySet> {
    if (Date.now() - this.loadedAt > RELOAD_AT_MOST_MS) await this.reload();
    return this.jwks();
  }

  /**
   * Key lookup for the gateway's own verifier (no HTTP round trip to itself). A kid it does not know may come
   * from a rotation on another replica: it reloads (at most once a second) and looks again.
   */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await createLocalJWKSet(this.jwks())(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - this.loadedAt < RELOAD_AT_MOST_MS)
        throw error;
      await this.reload();
      return createLocalJWKSet(this.jwks())(header, token);
    }
  };

  /** The active key, private half included: for this process's signer and for tests, never served. */
  activeKey(): SigningKey {
    if (!this.active) throw new Error('signing keys are not loaded yet');
    return this.active;
  }

  signer(): TokenSigner {
    this.signerInstance ??= new TokenSigner({
      key: this.activeKey(),
      issuer: this.options.issuer,
      audience: this.options.audience,
      ttlSeconds: this.options.tokenTtlSeconds,
    });
    return this.signerInstance;
  }
}
