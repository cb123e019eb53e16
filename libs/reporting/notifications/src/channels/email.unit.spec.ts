import { classifySmtpError } from './email';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error('smtp failed'), fields);

describe('classifySmtpError', () => {
  it('does not retry a 5xx rejection, and says so without quoting the server (it may quote the address)', () => {
    const error = classifySmtpError(
      smtpError({
        code: 'EENVELOPE',
        responseCode: 550,
        permanent: true,
        command: 'RCPT TO',
        response: '550 5.1.1 <duty@example.gov.cn>: Recipient address rejected',
      }),
    );
    expect(error).toMatchObject({
      code: 'smtp-550',
      transient: false,
      message: 'the SMTP server answered 550 to RCPT TO',
    });
  });

  it('retries a 4xx (greylisting, mailbox busy) and a 421 closing the connection', () => {
    expect(
      classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' })),
    ).toMatchObject({
      code: 'smtp-451',
      transient: true,
    });
    expect(classifySmtpError(smtpError({ code: 'EPROTOCOL', responseCode: 421 }))).toMatchObject({
      transient: true,
    });
  });

  it('retries 503 (bad sequence: the session, not the message)', () => {
    expect(classifySmtpError(smtpError({ code: 'EPROTOCOL', responseCode: 503 })).transient).toBe(true);
  });

  it('retries a refused or dropped connection, named by the socket error', () => {
    expect(classifySmtpError(smtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }))).toMatchObject({
      code: 'smtp-econnrefused',
      transient: true,
    });
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT' }))).toMatchObject({
      code: 'smtp-etimedout',
      transient: true,
    });
  });

  it('does not retry bad credentials or configuration', () => {
    expect(
      classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })),
    ).toMatchObject({
      code: 'smtp-535',
      transient: false,
    });
    expect(classifySmtpError(smtpError({ code: 'ENOAUTH' }))).toMatchObject({
      code: 'smtp-enoauth',
      transient: false,
    });
  });

  it('drops a command that is not a bare SMTP verb', () => {
    expect(classifySmtpError(smtpError({ responseCode: 550, command: 'RCPT TO:<a@b.c>' })).message).toBe(
      'the SMTP server answered 550',
    );
  });
});
