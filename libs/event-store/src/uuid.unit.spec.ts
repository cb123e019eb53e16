import { uuidv7 } from './uuid';

describe('uuidv7', () => {
  it('carries the milliseconds, version 7 and the RFC 9562 variant, and differs every time', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0, 123);
    const ids = Array.from({ length: 2000 }, () => uuidv7(now));
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts by time', () => {
    expect(uuidv7(1_700_000_000_000) < uuidv7(1_700_000_000_001)).toBe(true);
  });
});
