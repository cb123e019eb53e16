import { NotificationDispatcher } from '../dispatcher';
import { aNotification } from '../testing/fixtures';
import { decodeMail } from '../testing/mime';
import { closedPort } from '../testing/receivers';
import { RecordingSink } from '../testing/recording-sink';
import { SMTP_PASS, SMTP_USER, startSmtp, type LocalSmtp } from '../testing/smtp';
import { SmtpEmailAdapter } from './email';

const from = '舆情监测平台 <yuqing@example.gov.cn>';
const dutyDesk = 'duty@county.example.gov.cn';
const notification = aNotification({ channel: 'email' });

function adapterFor(port: number, pass = SMTP_PASS): SmtpEmailAdapter {
  return new SmtpEmailAdapter({
    smtp: { host: '127.0.0.1', port, secure: false, auth: { user: SMTP_USER, pass } },
    from,
    timeoutMs: 5000,
  });
}

describe('SMTP e-mail (against a local SMTP server)', () => {
  let smtp: LocalSmtp;
  let adapter: SmtpEmailAdapter;

  beforeAll(async () => {
    smtp = await startSmtp((recipient) =>
      recipient.startsWith('nobody@')
        ? { code: 550, message: `5.1.1 <${recipient}>: Recipient address rejected` }
        : recipient.startsWith('greylisted@')
          ? { code: 451, message: '4.7.1 Greylisted, try again later' }
          : undefined,
    );
    adapter = adapterFor(smtp.port);
  });
  afterAll(async () => {
    adapter.close();
    await smtp.close();
  });

  it('delivers a Chinese notification, readable as sent, with its Message-ID as the provider id', async () => {
    const sink = new RecordingSink();
    const dispatcher = new NotificationDispatcher({ adapters: [adapter], sink });
    const result = await dispatcher.dispatch(notification, { channel: 'email', to: [dutyDesk] });

    expect(result.outcome).toMatchObject({
      status: 'delivered',
      attempt: 1,
      providerMessageId: `${notification.id}@example.gov.cn`,
    });
    expect(sink.story()).toEqual(['attempted#1', 'delivered#1']);
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({ from: 'yuqing@example.gov.cn', to: [dutyDesk], user: SMTP_USER });
    const decoded = decodeMail(mail!.raw);
    expect(decoded.subject).toBe('【报送提醒】网上舆情快报 30 分钟内到期');
    expect(decoded.text).toBe(notification.text);
    expect(decoded.headers.get('content-type')).toMatch(/charset=utf-8/i);
    expect(decoded.headers.get('message-id')).toBe(`<${notification.id}@example.gov.cn>`);
    expect(decoded.headers.get('x-yuqing-notification')).toBe(notification.id);
  });

  it('does not retry a mailbox the server rejects (550), and records no address', async () => {
    const sink = new RecordingSink();
    const dispatcher = new NotificationDispatcher({ adapters: [adapter], sink });
    const result = await dispatcher.dispatch(notification, {
      channel: 'email',
      to: ['nobody@county.example.gov.cn'],
    });
    expect(sink.story()).toEqual(['attempted#1', 'failed#1:smtp-550:final']);
    expect(result.outcome).toMatchObject({ errorMessage: 'the SMTP server answered 550 to RCPT TO' });
    expect(JSON.stringify(sink.events)).not.toContain('nobody@');
  });

  it('retries a greylisting 451', async () => {
    await expect(
      adapter.send(notification, { channel: 'email', to: ['greylisted@county.example.gov.cn'] }),
    ).rejects.toMatchObject({ code: 'smtp-451', transient: true });
  });

  it('does not retry wrong credentials (535)', async () => {
    const wrong = adapterFor(smtp.port, 'wrong-password');
    try {
      await expect(wrong.send(notification, { channel: 'email', to: [dutyDesk] })).rejects.toMatchObject({
        code: 'smtp-535',
        transient: false,
      });
    } finally {
      wrong.close();
    }
  });

  it('retries when the SMTP server is down', async () => {
    const down = adapterFor(await closedPort());
    try {
      const error = await down
        .send(notification, { channel: 'email', to: [dutyDesk] })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'smtp-econnrefused', transient: true });
      expect((error as Error).message).not.toMatch(/127\.0\.0\.1|duty@/);
    } finally {
      down.close();
    }
  });
});
