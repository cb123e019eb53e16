import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateLogSealKey,
  loadLogSealKey,
  sealKeyId,
  sealPublicKey,
  signSeal,
  verifySealSignature,
} from './seal-key';

// The seal holds only if a signature made with the key outside the database is the one thing that verifies.
describe('the log seal key', () => {
  const text = '{"v":1,"schema":"grading","seq":1}';

  it('verifies its own signature, with the public key an auditor holds as PEM', () => {
    const key = generateLogSealKey();
    const signature = signSeal(key, text);
    const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifySealSignature(sealPublicKey(pem), text, signature)).toBe(true);
  });

  it('refuses an edited document, a flipped signature bit and another key', () => {
    const key = generateLogSealKey();
    const signature = signSeal(key, text);
    expect(verifySealSignature(key.publicKey, text.replace('1}', '2}'), signature)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[10] = flipped[10]! ^ 1;
    expect(verifySealSignature(key.publicKey, text, flipped)).toBe(false);
    expect(verifySealSignature(generateLogSealKey().publicKey, text, signature)).toBe(false);
    expect(verifySealSignature(key.publicKey, text, Buffer.alloc(3))).toBe(false);
  });

  it('loads the private key from YUQING_LOG_SEAL_KEY or from the file YUQING_LOG_SEAL_KEY_FILE names', () => {
    const key = generateLogSealKey();
    const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(loadLogSealKey({ YUQING_LOG_SEAL_KEY: pem })?.keyId).toBe(key.keyId);
    const dir = mkdtempSync(join(tmpdir(), 'seal-key-'));
    try {
      writeFileSync(join(dir, 'seal.pem'), pem);
      expect(loadLogSealKey({ YUQING_LOG_SEAL_KEY_FILE: join(dir, 'seal.pem') })?.keyId).toBe(key.keyId);
      expect(() =>
        loadLogSealKey({ YUQING_LOG_SEAL_KEY: pem, YUQING_LOG_SEAL_KEY_FILE: join(dir, 'seal.pem') }),
      ).toThrow('not both');
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect(loadLogSealKey({})).toBeUndefined();
  });

  it('accepts only Ed25519 keys', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadLogSealKey({ YUQING_LOG_SEAL_KEY: pem })).toThrow('Ed25519');
    expect(() => sealPublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(
      'Ed25519',
    );
  });

  it('names a key by its public half, the same for the private key and its public PEM', () => {
    const key = generateLogSealKey();
    const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(sealKeyId(sealPublicKey(pem))).toBe(key.keyId);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
  });
});
