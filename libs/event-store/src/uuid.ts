import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// Random bytes drawn from the CSPRNG a page at a time: one call per 400 ids instead of a Buffer per id (ids are
// minted for every item and event, so this sits on the capture path).
const RANDOM = Buffer.alloc(4096);
let used = RANDOM.length;

/** A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; time-ordered, so index-friendly. */
export function uuidv7(now: number = Date.now()): string {
  if (used + 10 > RANDOM.length) {
    randomFillSync(RANDOM);
    used = 0;
  }
  const r = RANDOM;
  const o = used;
  used += 10;
  const time = now.toString(16).padStart(12, '0');
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-${HEX[0x70 | (r[o]! & 0x0f)]}${HEX[r[o + 1]!]}-` +
    `${HEX[0x80 | (r[o + 2]! & 0x3f)]}${HEX[r[o + 3]!]}-` +
    `${HEX[r[o + 4]!]}${HEX[r[o + 5]!]}${HEX[r[o + 6]!]}${HEX[r[o + 7]!]}${HEX[r[o + 8]!]}${HEX[r[o + 9]!]}`
  );
}
