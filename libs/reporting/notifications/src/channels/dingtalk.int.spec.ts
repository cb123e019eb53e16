import { createHmac } from 'node:crypto';
import { NotificationDispatcher } from '../dispatcher';
import { aNotification } from '../testing/fixtures';
import { startReceiver, type HttpReceiver, type ReceivedRequest } from '../testing/receivers';
import { RecordingSink } from '../testing/recording-sink';
import { DingTalkRobotAdapter } from './dingtalk';

const secret = 'SECf0e1d2c3b4a5968778695a4b3c2d1e0f';
const token = 'robot-token-123';
const notification = aNotification({ channel: 'dingtalk' });

/** What DingTalk checks: the token, and with 加签 a fresh timestamp and its signature. */
function dingTalkVerdict(request: ReceivedRequest): { errcode: number; errmsg: string } {
  const url = new URL(request.url, 'http://robot');
  if (url.searchParams.get('access_token') !== token)
    return { errcode: 300001, errmsg: 'token is not exist' };
  const timestamp = url.searchParams.get('timestamp') ?? '';
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  if (Math.abs(Date.now() - Number(timestamp)) > 3_600_000 || url.searchParams.get('sign') !== expected) {
    return { errcode: 310000, errmsg: 'sign not match' };
  }
  return { errcode: 0, errmsg: 'ok' };
}

describe('DingTalk group robot (against a local emulation of its API)', () => {
  let receiver: HttpReceiver;
  let override: { errcode: number; errmsg: string } | undefined;

  beforeAll(async () => {
    receiver = await startReceiver((request) => ({
      status: 200,
      body: override ?? dingTalkVerdict(request),
    }));
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.requests.splice(0);
    override = undefined;
  });

  const robot = (robotSecret: string | undefined = secret) =>
    new DingTalkRobotAdapter({
      url: `${receiver.url}/robot/send?access_token=${token}`,
      secret: robotSecret,
      allowPrivateHosts: [new URL(receiver.url).host], // a bare host would allow its default port only
    });

  it('delivers a signed text message that @-mentions the duty officer (errcode 0)', async () => {
    const sink = new RecordingSink();
    const dispatcher = new NotificationDispatcher({ adapters: [robot()], sink });
    await dispatcher.dispatch(notification, { channel: 'dingtalk', atMobiles: ['13800138000'] });

    expect(sink.story()).toEqual(['attempted#1', 'delivered#1']);
    const body = JSON.parse(receiver.requests[0]!.body.toString('utf8')) as unknown;
    expect(body).toEqual({
      msgtype: 'text',
      text: { content: `${notification.subject}\n${notification.text}\n@13800138000` },
      at: { atMobiles: ['13800138000'], isAtAll: false },
    });
  });

  it('does not retry a refusal by the robot’s security settings (310000)', async () => {
    const sink = new RecordingSink();
    const dispatcher = new NotificationDispatcher({ adapters: [robot('SECwrong-secret-value')], sink });
    const result = await dispatcher.dispatch(notification, { channel: 'dingtalk' });
    expect(sink.story()).toEqual(['attempted#1', 'failed#1:dingtalk-310000:final']);
    expect(result.outcome).toMatchObject({ errorMessage: expect.stringContaining('安全设置不匹配') });
    expect(JSON.stringify(sink.events)).not.toContain(token);
  });

  it('retries when the robot is rate-limited (130101) or busy (-1)', async () => {
    override = { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' };
    await expect(robot().send(notification, { channel: 'dingtalk' })).rejects.toMatchObject({
      code: 'dingtalk-130101',
      transient: true,
      retryAfterMs: 60_000,
    });
    override = { errcode: -1, errmsg: '系统繁忙' };
    await expect(robot().send(notification, { channel: 'dingtalk' })).rejects.toMatchObject({
      code: 'dingtalk-minus1',
      transient: true,
    });
  });

  it('does not retry an unknown non-zero errcode', async () => {
    override = { errcode: 400102, errmsg: '机器人已停用' };
    await expect(robot().send(notification, { channel: 'dingtalk' })).rejects.toMatchObject({
      code: 'dingtalk-400102',
      transient: false,
    });
  });
});
