import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { isLoopbackHost } from '@yuqing/auth';
import { isLocalDatabase } from '@yuqing/config';

/**
 * The key-encryption key (KEK) the signing keys' private halves are stored under (AES-256-GCM). It comes from the
 * environment or a file, never from the database, so that reading `identity.signing_keys` is not enough to sign.
 */
export interface KeyEncryptionKey {
  readonly key: Buffer;
  /** A short digest naming the KEK in the stored envelope and in errors (it reveals nothing of the key). */
  readonly fingerprint: string;
  /** The fixed development value: only for a gateway that listens on loopback with its database on loopback. */
  readonly devOnly: boolean;
}

export const KEK_VARIABLE = 'YUQING_KEY_ENCRYPTION_KEY';
export const KEK_FILE_VARIABLE = 'YUQING_KEY_ENCRYPTION_KEY_FILE';

/**
 * Local development's KEK: public by construction (as the demo password and the local database's password are),
 * so it protects nothing; it is used only where nobody but this machine reaches the gateway or its database.
 */
const DEV_ONLY_KEK = createHash('sha256').update('yuqing: local development only, not a secret').digest();

/** What the KEK is read from: the gateway's configuration. */
export interface KeyEncryptionSettings {
  readonly YUQING_KEY_ENCRYPTION_KEY?: string | undefined;
  readonly YUQING_KEY_ENCRYPTION_KEY_FILE?: string | undefined;
  /** The gateway's bind address and database: both on loopback is "local development". */
  readonly HOST: string;
  readonly DATABASE_URL: string;
}

export type KekResolution =
  | { readonly ok: true; readonly kek: KeyEncryptionKey }
  | { readonly ok: false; readonly variable: string; readonly reason: string };

/** Reads and checks the KEK: base64 of exactly 32 bytes, from the variable or the file it names (not both). */
export function resolveKeyEncryptionKey(settings: KeyEncryptionSettings): KekResolution {
  const inline = settings.YUQING_KEY_ENCRYPTION_KEY;
  const file = settings.YUQING_KEY_ENCRYPTION_KEY_FILE;
  if (inline && file)
    return { ok: false, variable: KEK_VARIABLE, reason: `and ${KEK_FILE_VARIABLE} are both set: set one` };
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return { ok: false, variable: KEK_FILE_VARIABLE, reason: `names a file that cannot be read (${code})` };
    }
    const key = decodeKek(text.trim());
    if (!key) return { ok: false, variable: KEK_FILE_VARIABLE, reason: `names a file that ${KEK_FORMAT}` };
    return { ok: true, kek: keyEncryptionKey(key, false) };
  }
  if (inline) {
    const key = decodeKek(inline.trim());
    if (!key) return { ok: false, variable: KEK_VARIABLE, reason: KEK_FORMAT };
    return { ok: true, kek: keyEncryptionKey(key, false) };
  }
  if (isLocalDevelopment(settings)) return { ok: true, kek: keyEncryptionKey(DEV_ONLY_KEK, true) };
  return {
    ok: false,
    variable: KEK_VARIABLE,
    reason: `is required when the gateway or its database is not on loopback (or set ${KEK_FILE_VARIABLE}); ${KEK_FORMAT}`,
  };
}

const KEK_FORMAT = 'must hold 32 random bytes in base64, e.g. from `openssl rand -base64 32`';

function decodeKek(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : undefined;
}

/** The gateway listens on loopback and its database is on loopback: nobody but this machine reaches either. */
function isLocalDevelopment(settings: KeyEncryptionSettings): boolean {
  try {
    return isLoopbackHost(settings.HOST) && isLocalDatabase(settings.DATABASE_URL);
  } catch {
    return false;
  }
}

export function keyEncryptionKey(key: Buffer, devOnly: boolean): KeyEncryptionKey {
  const fingerprint = createHash('sha256').update('yuqing.kek.fingerprint:').update(key).digest('hex');
  return { key, fingerprint: fingerprint.slice(0, 16), devOnly };
}

/** How a private JWK is stored: AES-256-GCM under the KEK, a fresh 96-bit nonce each time, the kid bound in. */
export interface EncryptedPrivateKey {
  readonly v: 1;
  readonly alg: 'A256GCM';
  /** Fingerprint of the KEK it was encrypted under, so a wrong KEK is named rather than guessed at. */
  readonly kek: string;
  readonly iv: string;
  readonly ct: string;
  readonly tag: string;
}

/** A stored private key that does not open with the KEK at hand (wrong KEK, another key's row, or tampering). */
export class KeyDecryptionError extends Error {
  override readonly name = 'KeyDecryptionError';
}

export function encryptPrivateJwk(jwk: JWK, kid: string, kek: KeyEncryptionKey): EncryptedPrivateKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv);
  // The kid as associated data: a ciphertext copied onto another key's row does not decrypt.
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return {
    v: 1,
    alg: 'A256GCM',
    kek: kek.fingerprint,
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

export function decryptPrivateJwk(stored: EncryptedPrivateKey, kid: string, kek: KeyEncryptionKey): JWK {
  if (stored.v !== 1 || stored.alg !== 'A256GCM')
    throw new KeyDecryptionError(`signing key ${kid} is stored in an unknown format`);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(stored.iv, 'base64url'));
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64url'));
    plain = Buffer.concat([decipher.update(Buffer.from(stored.ct, 'base64url')), decipher.final()]);
  } catch {
    const which =
      stored.kek === kek.fingerprint
        ? ' although the key-encryption key fingerprints match (the row was altered or moved)'
        : `: it was encrypted under key-encryption key ${stored.kek}, the configured one (${KEK_VARIABLE}) is ${kek.fingerprint}${kek.devOnly ? ', the development default' : ''}`;
    throw new KeyDecryptionError(`signing key ${kid} does not decrypt${which}`);
  }
  return JSON.parse(plain.toString('utf8')) as JWK;
}

/** The KEK of a configuration that passed validation (which reports a bad one naming the variable). */
export function keyEncryptionKeyOf(settings: KeyEncryptionSettings): KeyEncryptionKey {
  const resolved = resolveKeyEncryptionKey(settings);
  if (!resolved.ok) throw new Error(`Invalid configuration: ${resolved.variable} ${resolved.reason}`);
  return resolved.kek;
}
