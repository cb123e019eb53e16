import { dingTalkSign, signDingTalkUrl } from './dingtalk';

// Known answers computed independently with Python:
//   base64(hmac.new(secret, f"{ts}\n{secret}", sha256).digest()), then urllib.parse.quote_plus.
describe('DingTalk 加签', () => {
  it('is base64(HMAC-SHA256(secret, "<timestamp>\\n<secret>"))', () => {
    expect(dingTalkSign('SECtest0123456789abcdef', 1_700_000_000_000)).toBe(
      '/lfnxUUu80FwVTsIlv2F1cMGBb+PxEKAwYh/bsRxXcc=',
    );
    expect(dingTalkSign(`SEC${'0'.repeat(60)}`, 1_577_836_800_000)).toBe(
      'sZ69Jx4iEPP6MJ6/0/O+KPZbesWeKv84SZ/BP5pM/HQ=',
    );
  });

  it('appends timestamp and the URL-encoded sign to the robot URL, keeping its access token', () => {
    const url = signDingTalkUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      'SECtest0123456789abcdef',
      1_700_000_000_000,
    );
    expect(url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1700000000000' +
        '&sign=%2FlfnxUUu80FwVTsIlv2F1cMGBb%2BPxEKAwYh%2FbsRxXcc%3D',
    );
    expect(new URL(url).searchParams.get('sign')).toBe('/lfnxUUu80FwVTsIlv2F1cMGBb+PxEKAwYh/bsRxXcc=');
  });
});
