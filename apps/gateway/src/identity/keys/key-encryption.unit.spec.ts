import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@yuqing/config';
import { generateSigningKey } from '@yuqing/auth';
import { gatewayConfigSchema } from '../../config';
import {
  decryptPrivateJwk,
  encryptPrivateJwk,
  keyEncryptionKey,
  KeyDecryptionError,
  resolveKeyEncryptionKey,
} from './key-encryption';

// The signing key's private half at rest: AES-256-GCM under a key the database does not hold.
const kek = keyEncryptionKey(randomBytes(32), false);
const local = {
  DATABASE_URL: 'postgres://yuqing:yuqing@127.0.0.1:55432/yuqing',
  KAFKA_BROKERS: '127.0.0.1:9092',
};
const deployed = {
  DATABASE_URL: 'postgres://yuqing:pw@postgres:5432/yuqing',
  KAFKA_BROKERS: 'kafka:9092',
  HOST: '0.0.0.0',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(gatewayConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('encrypting a private signing key', () => {
  it('stores neither the JWK nor any of its private members, and opens again with the same key and kid', async () => {
    const key = await generateSigningKey();
    const stored = encryptPrivateJwk(key.privateJwk, key.kid, kek);
    const text = JSON.stringify(stored);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const)
      expect(text).not.toContain(key.privateJwk[member]!.slice(0, 16));
    expect(text).not.toContain('"d"');
    expect(stored).toMatchObject({ v: 1, alg: 'A256GCM', kek: kek.fingerprint });
    expect(decryptPrivateJwk(stored, key.kid, kek)).toEqual(key.privateJwk);
  });

  it('uses a fresh nonce each time', async () => {
    const key = await generateSigningKey();
    const a = encryptPrivateJwk(key.privateJwk, key.kid, kek);
    const b = encryptPrivateJwk(key.privateJwk, key.kid, kek);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('does not decrypt with another key-encryption key, and says which key it needs', async () => {
    const key = await generateSigningKey();
    const stored = encryptPrivateJwk(key.privateJwk, key.kid, kek);
    const wrong = keyEncryptionKey(randomBytes(32), false);
    expect(() => decryptPrivateJwk(stored, key.kid, wrong)).toThrow(KeyDecryptionError);
    expect(() => decryptPrivateJwk(stored, key.kid, wrong)).toThrow(
      `it was encrypted under key-encryption key ${kek.fingerprint}, the configured one (YUQING_KEY_ENCRYPTION_KEY) is ${wrong.fingerprint}`,
    );
  });

  it('does not decrypt on another key row (the kid is bound in) nor when altered', async () => {
    const key = await generateSigningKey();
    const stored = encryptPrivateJwk(key.privateJwk, key.kid, kek);
    expect(() => decryptPrivateJwk(stored, 'another-kid', kek)).toThrow(/the row was altered or moved/);
    const flipped = Buffer.from(stored.ct, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptPrivateJwk({ ...stored, ct: flipped.toString('base64url') }, key.kid, kek)).toThrow(
      KeyDecryptionError,
    );
  });
});

describe('the key-encryption key in the gateway configuration', () => {
  it('is required, by name, when the gateway or its database is not on loopback', () => {
    expect(configError(deployed).message).toBe(
      'Invalid configuration: YUQING_KEY_ENCRYPTION_KEY is required',
    );
    expect(configError({ ...local, HOST: '0.0.0.0' }).variable).toBe('YUQING_KEY_ENCRYPTION_KEY');
    expect(
      configError({ ...local, DATABASE_URL: 'postgres://yuqing:pw@db.internal:5432/yuqing' }).variable,
    ).toBe('YUQING_KEY_ENCRYPTION_KEY');
  });

  it('refuses a malformed key, naming the variable and never echoing it', () => {
    for (const value of [
      'short',
      randomBytes(16).toString('base64'),
      `${randomBytes(32).toString('base64')}!`,
    ]) {
      const error = configError({ ...deployed, YUQING_KEY_ENCRYPTION_KEY: value });
      expect(error.variable).toBe('YUQING_KEY_ENCRYPTION_KEY');
      expect(error.message).toContain('must hold 32 random bytes in base64');
      expect(error.message).not.toContain(value);
    }
  });

  it('takes the key from the variable or from a file, not both', () => {
    const value = randomBytes(32).toString('base64');
    expect(loadConfig(gatewayConfigSchema, { ...deployed, YUQING_KEY_ENCRYPTION_KEY: value })).toBeTruthy();
    const dir = mkdtempSync(path.join(tmpdir(), 'kek-'));
    const file = path.join(dir, 'kek');
    writeFileSync(file, `${value}\n`);
    expect(
      loadConfig(gatewayConfigSchema, { ...deployed, YUQING_KEY_ENCRYPTION_KEY_FILE: file }),
    ).toBeTruthy();
    const fromFile = resolveKeyEncryptionKey({ ...deployed, YUQING_KEY_ENCRYPTION_KEY_FILE: file });
    const inline = resolveKeyEncryptionKey({ ...deployed, YUQING_KEY_ENCRYPTION_KEY: value });
    expect(fromFile.ok && inline.ok && fromFile.kek.fingerprint === inline.kek.fingerprint).toBe(true);
    expect(
      configError({ ...deployed, YUQING_KEY_ENCRYPTION_KEY_FILE: path.join(dir, 'missing') }).message,
    ).toBe('Invalid configuration: YUQING_KEY_ENCRYPTION_KEY_FILE names a file that cannot be read (ENOENT)');
    expect(
      configError({ ...deployed, YUQING_KEY_ENCRYPTION_KEY: value, YUQING_KEY_ENCRYPTION_KEY_FILE: file })
        .message,
    ).toContain('YUQING_KEY_ENCRYPTION_KEY and YUQING_KEY_ENCRYPTION_KEY_FILE are both set');
  });

  it('falls back to the public development key only for a gateway and database on loopback', () => {
    const resolved = resolveKeyEncryptionKey({ HOST: '127.0.0.1', DATABASE_URL: local.DATABASE_URL });
    expect(resolved.ok && resolved.kek.devOnly).toBe(true);
    const given = resolveKeyEncryptionKey({
      HOST: '127.0.0.1',
      DATABASE_URL: local.DATABASE_URL,
      YUQING_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(given.ok && given.kek.devOnly).toBe(false);
  });

  it('refuses a plain-http JWKS URL outside loopback for an external provider', () => {
    const error = configError({ ...local, AUTH_JWKS_URL: 'http://idp.example.gov.cn/jwks' });
    expect(error.variable).toBe('AUTH_JWKS_URL');
    expect(error.message).toContain('must use https outside loopback');
    expect(
      loadConfig(gatewayConfigSchema, { ...local, AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks' }),
    ).toBeTruthy();
  });
});
