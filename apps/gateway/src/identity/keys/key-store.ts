import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createLocalJWKSet, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Pool } from 'pg';
import { generateSigningKey, TokenSigner, type SigningKey } from '@yuqing/auth';
import { migrate, PG_POOL } from '@yuqing/service-kit';
import { inTransaction } from '@yuqing/event-store';
import { identityMigrations } from '../identity.schema';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';

/**
 * The built-in issuer's RSA keys, kept in the identity schema so every gateway replica signs with the same key
 * and tokens survive a restart. The first replica to start creates the key; the others read it.
 */
@Injectable()
export class KeyStore implements OnModuleInit {
  private current: SigningKey | undefined;
  private publicKeys: JWK[] = [];
  private signerInstance: TokenSigner | undefined;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const { schema } = this.options;
    // The read models and key table come first: everything else in the identity module reads them.
    await migrate(this.pool, schema, identityMigrations());
    await inTransaction(this.pool, async (client) => {
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [`yuqing.signing-keys.${schema}`]);
      const existing = await client.query<{ kid: string }>(`select kid from ${schema}.signing_keys limit 1`);
      if (existing.rowCount === 0) {
        const key = await generateSigningKey();
        await client.query(
          `insert into ${schema}.signing_keys (kid, private_jwk, public_jwk) values ($1, $2, $3)`,
          [key.kid, key.privateJwk, key.publicJwk],
        );
      }
    });
    const { rows } = await this.pool.query<{ kid: string; private_jwk: JWK; public_jwk: JWK }>(
      `select kid, private_jwk, public_jwk from ${schema}.signing_keys order by created_at desc`,
    );
    const newest = rows[0]!;
    this.current = { kid: newest.kid, privateJwk: newest.private_jwk, publicJwk: newest.public_jwk };
    this.publicKeys = rows.map((row) => row.public_jwk);
  }

  /** The public keys, as served at /.well-known/jwks.json. */
  jwks(): JSONWebKeySet {
    return { keys: this.publicKeys };
  }

  /** Key lookup for the gateway's own verifier (no HTTP round trip to itself). */
  readonly getKey: JWTVerifyGetKey = (header, token) => createLocalJWKSet(this.jwks())(header, token);

  signer(): TokenSigner {
    if (!this.current) throw new Error('signing keys are not loaded yet');
    this.signerInstance ??= new TokenSigner({
      key: this.current,
      issuer: this.options.issuer,
      audience: this.options.audience,
      ttlSeconds: this.options.tokenTtlSeconds,
    });
    return this.signerInstance;
  }
}
