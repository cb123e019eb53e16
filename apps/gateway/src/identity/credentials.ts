import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { IDENTITY_OPTIONS, type IdentityOptions } from './identity.options';
import { Passwords } from './passwords';

/**
 * Secrets kept out of events: a password or client secret is hashed (argon2id) and stored in the command's own
 * transaction, next to the event that names the credential, so neither exists without the other.
 */
@Injectable()
export class Credentials {
  private readonly s: string;

  constructor(
    @Inject(Passwords) private readonly passwords: Passwords,
    @Inject(IDENTITY_OPTIONS) options: IdentityOptions,
  ) {
    this.s = options.schema;
  }

  async store(
    tx: { readonly client: PoolClient },
    credentialId: string,
    subjectId: string,
    secret: string,
  ): Promise<void> {
    const hash = await this.passwords.hash(secret);
    await tx.client.query(
      `insert into ${this.s}.credentials (credential_id, subject_id, hash) values ($1, $2, $3)`,
      [credentialId, subjectId, hash],
    );
  }
}
