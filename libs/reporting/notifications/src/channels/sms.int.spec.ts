import { aNotification } from '../testing/fixtures';
import { startReceiver, type HttpReceiver, type Reply } from '../testing/receivers';
import { SmsGatewayAdapter, type SmsGatewaySettings } from './sms';

const notification = aNotification({
  channel: 'sms',
  templateVars: { incident: '道路塌陷', dueAt: '14:30' },
});
const templates: SmsGatewaySettings['templates'] = {
  'deadline-reminder': { templateId: 'SMS_0001', text: '【舆情监测】${incident}的报送将于${dueAt}到期' },
};

describe('SMS gateway (against a local gateway)', () => {
  let receiver: HttpReceiver;
  let reply: Reply = { body: { code: 0, messageId: 'gw-7788' } };

  beforeAll(async () => {
    receiver = await startReceiver(() => reply);
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.requests.splice(0));

  const gateway = (over: Partial<SmsGatewaySettings> = {}) =>
    new SmsGatewayAdapter({
      url: `${receiver.url}/sms/send`,
      token: 'gw-token',
      templates,
      allowPrivateHosts: [new URL(receiver.url).host], // a bare host would allow its default port only
      ...over,
    });

  it('sends the template id, its parameters and the rendered text, with the token', async () => {
    reply = { body: { code: 0, messageId: 'gw-7788' } };
    const receipt = await gateway().send(notification, {
      channel: 'sms',
      phones: ['13800138000', '13900139000'],
    });
    expect(receipt.providerMessageId).toBe('gw-7788');
    const [request] = receiver.requests;
    expect(request!.headers.authorization).toBe('Bearer gw-token');
    expect(JSON.parse(request!.body.toString('utf8'))).toEqual({
      to: ['13800138000', '13900139000'],
      templateId: 'SMS_0001',
      params: { incident: '道路塌陷', dueAt: '14:30' },
      content: '【舆情监测】道路塌陷的报送将于14:30到期',
      reference: notification.id,
    });
  });

  it('puts the token in another header as is', async () => {
    reply = { body: {} };
    await gateway({ authHeader: 'X-Api-Key' }).send(notification, {
      channel: 'sms',
      phones: ['13800138000'],
    });
    expect(receiver.requests[0]!.headers['x-api-key']).toBe('gw-token');
  });

  it('does not retry a message the gateway refuses with a failure code', async () => {
    reply = { body: { code: 'InvalidMobile', message: '号码 13800138000 无效' } };
    const error = await gateway()
      .send(notification, { channel: 'sms', phones: ['13800138000'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'sms-gateway-InvalidMobile', transient: false });
    expect((error as Error).message).not.toContain('13800138000');
  });

  it('retries when the gateway is unavailable', async () => {
    reply = { status: 503, body: {} };
    await expect(
      gateway().send(notification, { channel: 'sms', phones: ['13800138000'] }),
    ).rejects.toMatchObject({
      code: 'http-503',
      transient: true,
    });
  });

  it('sends nothing when a template variable is missing or the purpose has no template', async () => {
    await expect(
      gateway().send(aNotification({ channel: 'sms', templateVars: { incident: 'x' } }), {
        channel: 'sms',
        phones: ['13800138000'],
      }),
    ).rejects.toMatchObject({
      code: 'sms-template-variable-missing',
      message: 'template SMS_0001 needs dueAt',
    });
    await expect(
      gateway().send(aNotification({ channel: 'sms', purpose: 'overdue-alert' }), {
        channel: 'sms',
        phones: ['13800138000'],
      }),
    ).rejects.toMatchObject({ code: 'sms-template-missing', transient: false });
    expect(receiver.requests).toHaveLength(0);
  });
});
