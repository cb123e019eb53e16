import { aNotification } from '../testing/fixtures';
import { startReceiver, type HttpReceiver } from '../testing/receivers';
import { WeComRobotAdapter } from './wecom';

const key = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const notification = aNotification({ channel: 'wecom' });

describe('WeCom group robot (against a local emulation of its API)', () => {
  let receiver: HttpReceiver;
  let errcode = 0;

  beforeAll(async () => {
    receiver = await startReceiver((request) => {
      const url = new URL(request.url, 'http://robot');
      if (url.searchParams.get('key') !== key)
        return { body: { errcode: 93000, errmsg: 'invalid webhook url' } };
      return { body: { errcode, errmsg: errcode === 0 ? 'ok' : 'refused' } };
    });
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.requests.splice(0);
    errcode = 0;
  });

  const robot = (format: 'text' | 'markdown' = 'text', robotKey = key) =>
    new WeComRobotAdapter({
      url: `${receiver.url}/cgi-bin/webhook/send?key=${robotKey}`,
      format,
      allowPrivateHosts: [new URL(receiver.url).host], // a bare host would allow its default port only
    });

  it('delivers a text message mentioning the duty officer by mobile (errcode 0)', async () => {
    const receipt = await robot().send(notification, { channel: 'wecom', mentionedMobiles: ['13800138000'] });
    expect(receipt.deliveredAt).toBeInstanceOf(Date);
    expect(JSON.parse(receiver.requests[0]!.body.toString('utf8'))).toEqual({
      msgtype: 'text',
      text: {
        content: `${notification.subject}\n${notification.text}`,
        mentioned_mobile_list: ['13800138000'],
      },
    });
  });

  it('delivers markdown with the subject in bold', async () => {
    await robot('markdown').send(notification, { channel: 'wecom' });
    expect(JSON.parse(receiver.requests[0]!.body.toString('utf8'))).toEqual({
      msgtype: 'markdown',
      markdown: { content: `**${notification.subject}**\n${notification.text}` },
    });
  });

  it('cuts a long text at 2048 bytes of UTF-8 on a character boundary', async () => {
    await robot().send(aNotification({ channel: 'wecom', text: '舆'.repeat(1000) }), { channel: 'wecom' });
    const content = (JSON.parse(receiver.requests[0]!.body.toString('utf8')) as { text: { content: string } })
      .text.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(2048);
    expect(content.endsWith('舆…')).toBe(true);
  });

  it('does not retry an invalid key (93000)', async () => {
    await expect(robot('text', 'wrong-key').send(notification, { channel: 'wecom' })).rejects.toMatchObject({
      code: 'wecom-93000',
      transient: false,
    });
  });

  it('retries when rate-limited (45009)', async () => {
    errcode = 45009;
    await expect(robot().send(notification, { channel: 'wecom' })).rejects.toMatchObject({
      code: 'wecom-45009',
      transient: true,
    });
  });
});
