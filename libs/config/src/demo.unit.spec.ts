import { assertDemoAllowed, isLoopbackHost } from './demo';

describe('demo data', () => {
  const at = (host: string) => `postgres://yuqing:secret@${host}:5432/yuqing`;

  it('is allowed against a database on this machine', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.0.0.2'])
      expect(() => assertDemoAllowed({ DATABASE_URL: at(host), YUQING_DEMO: true })).not.toThrow();
  });

  it('is refused against a database elsewhere, naming the variable and the way to a first administrator', () => {
    for (const host of ['db.example.cn', '10.0.0.5', 'postgres', '[2001:db8::1]'])
      expect(() => assertDemoAllowed({ DATABASE_URL: at(host), YUQING_DEMO: true })).toThrow(
        /^Invalid configuration: YUQING_DEMO is refused: .*npm run identity:bootstrap/,
      );
  });

  it('says nothing when demo data is off', () => {
    expect(() => assertDemoAllowed({ DATABASE_URL: at('db.example.cn'), YUQING_DEMO: false })).not.toThrow();
    expect(() => assertDemoAllowed({ DATABASE_URL: at('db.example.cn') })).not.toThrow();
  });

  it('tells loopback names and addresses from the rest', () => {
    expect(['localhost', 'a.localhost', '127.0.0.1', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['128.0.0.1', 'localhost.example.cn', '::2', '0.0.0.0', '10.0.0.1'].some(isLoopbackHost)).toBe(
      false,
    );
  });
});
