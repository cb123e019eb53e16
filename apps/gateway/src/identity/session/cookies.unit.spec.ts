import { readCookie, sessionCookie } from './cookies';

describe('the session cookie', () => {
  const id = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345_-';

  it('is read by its name among others, and only when it looks like one of ours', () => {
    expect(readCookie(`theme=dark; yuqing_session=${id}; other=1`, 'yuqing_session')).toBe(id);
    expect(readCookie('yuqing_session_other=AbCdEfGhIjKlMnOpQr', 'yuqing_session')).toBeUndefined();
    expect(readCookie('yuqing_session=short', 'yuqing_session')).toBeUndefined();
    expect(readCookie('yuqing_session=<script>alert(1)</script>xxxxxxxx', 'yuqing_session')).toBeUndefined();
    expect(readCookie(undefined, 'yuqing_session')).toBeUndefined();
  });

  it('is HttpOnly and SameSite=Strict, Secure over HTTPS, and deleted with Max-Age=0', () => {
    expect(sessionCookie('yuqing_session', id, { secure: false, maxAgeSeconds: 1800 })).toBe(
      `yuqing_session=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=1800`,
    );
    expect(sessionCookie('yuqing_session', id, { secure: true, maxAgeSeconds: 0 })).toContain(
      'Max-Age=0; Secure',
    );
  });
});
