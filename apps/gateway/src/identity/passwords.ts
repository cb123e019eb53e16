import { Inject, Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { IDENTITY_OPTIONS, type IdentityOptions } from './identity.options';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const DEFAULT_COST = { memoryCost: 19456, timeCost: 2 };

/** Memory-hard password hashing (argon2id). Hashes are PHC strings carrying their own salt and parameters. */
@Injectable()
export class Passwords {
  private readonly cost: { memoryCost: number; timeCost: number };
  private readonly dummy: Promise<string>;

  constructor(@Inject(IDENTITY_OPTIONS) options: IdentityOptions) {
    this.cost = options.argon2 ?? DEFAULT_COST;
    // Hashed at start, not on the first unknown name (which would then take twice as long as a known one).
    this.dummy = this.hash('not-a-password-of-anyone');
  }

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: Algorithm.Argon2id, parallelism: 1, ...this.cost });
  }

  async verify(hashed: string | undefined, password: string): Promise<boolean> {
    // An unknown user costs the same time as a known one, so timing does not tell which names exist.
    const target = hashed ?? (await this.dummy);
    try {
      const matched = await verify(target, password);
      return hashed !== undefined && matched;
    } catch {
      return false;
    }
  }
}
