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

  it('reads the database host as the driver does: a host parameter wins, a socket directory is local', () => {
    const refused =
      /^Invalid configuration: YUQING_DEMO is refused: .*\(db\.example\.cn\) is not on this machine/;
    for (const url of [
      'postgres://u:p@127.0.0.1/yuqing?host=db.example.cn',
      'postgres://u:p@localhost/yuqing?hostaddr=db.example.cn',
      'postgres://u:p@127.0.0.1,db.example.cn/yuqing',
    ])
      expect(() => assertDemoAllowed({ DATABASE_URL: url, YUQING_DEMO: true })).toThrow(refused);
    expect(() =>
      assertDemoAllowed({
        DATABASE_URL: 'postgres://u:p@localhost/yuqing?host=/var/run/postgresql',
        YUQING_DEMO: true,
      }),
    ).not.toThrow();
  });

  it('is refused when the service listens beyond loopback, even on a local database', () => {
    expect(() =>
      assertDemoAllowed({ DATABASE_URL: at('127.0.0.1'), HOST: '0.0.0.0', YUQING_DEMO: true }),
    ).toThrow(/YUQING_DEMO is refused: .*listens beyond loopback \(HOST 0\.0\.0\.0\)/);
    expect(() =>
      assertDemoAllowed({ DATABASE_URL: at('127.0.0.1'), HOST: '127.0.0.1', YUQING_DEMO: true }),
    ).not.toThrow();
  });

  it('says nothing when demo data is off', () => {
    expect(() => assertDemoAllowed({ DATABASE_URL: at('db.example.cn'), YUQING_DEMO: false })).not.toThrow();
    expect(() => assertDemoAllowed({ DATABASE_URL: at('db.example.cn') })).not.toThrow();
  });

  it('tells loopback names and addresses from the rest', () => {
    expect(['localhost', '127.0.0.1', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    // A *.localhost name may go to DNS.
    const elsewhere = ['a.localhost', '128.0.0.1', 'localhost.example.cn', '::2', '0.0.0.0', '10.0.0.1'];
    expect(elsewhere.filter(isLoopbackHost)).toEqual([]);
  });
});
