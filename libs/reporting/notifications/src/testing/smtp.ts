import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

// Test code: a real SMTP server on 127.0.0.1 that keeps what it receives, with a password and an optional
// per-recipient verdict (e.g. a 550 for an unknown mailbox, a 451 for greylisting).

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly user: string | undefined;
  readonly raw: Buffer;
}

export interface LocalSmtp {
  readonly port: number;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

export const SMTP_USER = 'yuqing';
export const SMTP_PASS = 'smtp-test-password';

export async function startSmtp(
  verdict: (recipient: string) => { code: number; message: string } | undefined = () => undefined,
  port = 0,
): Promise<LocalSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = verdict(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server.server.address() as AddressInfo).port;
  return { port: bound, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
