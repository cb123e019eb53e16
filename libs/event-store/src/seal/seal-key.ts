import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The Ed25519 key that signs seals. The private half lives outside the database (an environment variable or a
 * file mounted into the service); auditors hold the public half, also outside. Whoever can write the database
 * can then neither forge a seal nor re-sign an edited one.
 */
export interface LogSealKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Names the key in each seal, so that several public keys (after a rotation) can verify. */
  readonly keyId: string;
}

/** The first 16 hex digits of sha-256 over the public key's SPKI DER. */
export function sealKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function sealKeyFromPrivate(privateKey: KeyObject): LogSealKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the log seal key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: sealKeyId(publicKey) };
}

/** A fresh key: for tests and local development only, where no seal needs to outlive the process. */
export function generateLogSealKey(): LogSealKey {
  return sealKeyFromPrivate(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The key from `YUQING_LOG_SEAL_KEY` (PKCS#8 PEM) or `YUQING_LOG_SEAL_KEY_FILE` (a path to one); undefined
 * when neither is set. Both set is a configuration error.
 */
export function loadLogSealKey(env: Record<string, string | undefined>): LogSealKey | undefined {
  const pem = env['YUQING_LOG_SEAL_KEY'];
  const file = env['YUQING_LOG_SEAL_KEY_FILE'];
  if (pem && file) throw new Error('set YUQING_LOG_SEAL_KEY or YUQING_LOG_SEAL_KEY_FILE, not both');
  const text = pem ?? (file ? readFileSync(file, 'utf8') : undefined);
  return text ? sealKeyFromPrivate(createPrivateKey(text)) : undefined;
}

/** The public keys of earlier sealing keys (`YUQING_LOG_SEAL_PREVIOUS_KEYS`: one or more PEM blocks), after a rotation. */
export function loadPreviousSealKeys(env: Record<string, string | undefined>): KeyObject[] {
  const text = env['YUQING_LOG_SEAL_PREVIOUS_KEYS'] ?? '';
  return (text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? []).map(sealPublicKey);
}

/** A public key from PEM (SPKI), as an auditor is given it. */
export function sealPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('a log seal public key must be an Ed25519 key');
  return key;
}

export function signSeal(key: LogSealKey, text: string): Buffer {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey);
}

export function verifySealSignature(publicKey: KeyObject, text: string, signature: Buffer): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}
