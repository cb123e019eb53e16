import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DirectHandlingAssigned, reportingStreams } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7, type EventStoreTransaction } from '@yuqing/event-store';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '@yuqing/reporting-notifications';
import { eventually, waitFor } from '@yuqing/testing';
import { grade, startTestReporting, type TestReporting } from '../testing/reporting-app';

// Notifications delivered for real: to an SMTP server and a signed-webhook receiver this test starts on loopback.
// The webhook receiver is down at first: each failed attempt is recorded (NotificationFailed, retried), the
// notification waits in the outbox, and is delivered once the receiver is up. Nothing is lost.
const SECRET = 'a-webhook-secret-of-at-least-32-characters';
let reporting: TestReporting;
let smtp: { port: number; mails: { raw: string; to: string[] }[]; close(): Promise<void> };
let webhookPort: number;
const received: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startSmtp(): Promise<typeof smtp> {
  const mails: { raw: string; to: string[] }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function startWebhookReceiver(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  smtp = await startSmtp();
  webhookPort = await freePort();
  reporting = await startTestReporting({
    schemaPrefix: 'rep_notify',
    env: {
      DEADLINE_WATCHER: 'off',
      NOTIFY_CHANNELS: 'email,webhook',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      NOTIFY_EMAIL_FROM: 'yuqing@example.gov.cn',
      NOTIFY_EMAIL_TO: 'duty@yl.example.gov.cn',
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/hooks/yuqing`,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${webhookPort},127.0.0.1:${smtp.port}`,
      NOTIFY_BACKOFF_BASE_MS: '200',
      NOTIFY_BACKOFF_MAX_MS: '400',
      NOTIFY_MAX_ATTEMPTS: '50',
      NOTIFY_TIMEOUT_MS: '2000',
    },
  });
}, 60_000);

afterAll(async () => {
  await reporting?.close();
  await smtp?.close();
});

/** 直办 assigned to the county: its duty desk must hear of it (one notification per channel). */
const assignDirectly = async (tx: Pick<EventStoreTransaction, 'append'>, incidentId: string) =>
  tx.append(
    reportingStreams.incident.id(incidentId),
    [
      DirectHandlingAssigned.create({
        obligationId: uuidv7(),
        incidentId,
        departmentId: 'cn.yn.km.yl',
        dueAt: new Date(reporting.clock.now().getTime() + 86_400_000).toISOString(),
        ruleSetVersion: 'reporting-rules@test',
      }),
    ],
    {
      expectedVersion: 'any',
      metadata: { orgUnit: 'cn.yn.km.yl', actor: { kind: 'service', id: 'test' }, correlationId: incidentId },
    },
  );

describe('notifications (通知)', () => {
  it('delivers an assignment by e-mail at once, and by webhook once the receiver that was down comes up, recording every attempt', async () => {
    const incidentId = uuidv7();
    const now = reporting.clock.now();
    // 三级: assigned to the county to handle directly (直办), which the county's duty desk must hear of.
    await grade(reporting.app, {
      incidentId,
      orgUnit: 'cn.yn.km.yl',
      grade: { level: 'level-3', exceptional: false },
      aroseAt: now,
      gradedAt: now,
      title: '网民反映宜良县某小区路灯长期不亮',
    });
    const schema = reporting.config.REPORTING_SCHEMA;
    const outcomes = async (channel: string) =>
      (
        await reporting.pool.query<{ type: string; data: { willRetry?: boolean; errorCode?: string } }>(
          `select e.event_type as type, e.data from ${schema}.events e
             join ${schema}.notifications n on e.stream_id = 'reporting-notification-' || n.notification_id
            where n.incident_id = $1 and n.channel = $2 order by e.global_position`,
          [incidentId, channel],
        )
      ).rows;

    const mail = await eventually('the e-mail', async () =>
      smtp.mails.find((m) => m.raw.includes('Subject')),
    );
    expect(mail.to).toEqual(['duty@yl.example.gov.cn']);
    // The send comes first, with no transaction open; the events that record it follow in their own.
    await waitFor('the e-mail recorded as delivered', async () =>
      (await outcomes('email')).some((e) => e.type === 'reporting.NotificationDelivered'),
    );
    expect((await outcomes('email')).map((e) => e.type)).toEqual([
      'reporting.NotificationAttempted',
      'reporting.NotificationDelivered',
    ]);

    // The receiver is down: attempts fail and are retried, each failure recorded.
    await waitFor(
      'two failed webhook attempts',
      async () =>
        (await outcomes('webhook')).filter((e) => e.type === 'reporting.NotificationFailed').length >= 2,
    );
    const failures = (await outcomes('webhook')).filter((e) => e.type === 'reporting.NotificationFailed');
    expect(failures.every((f) => f.data.willRetry === true)).toBe(true);

    const server = await startWebhookReceiver(webhookPort);
    try {
      await waitFor('the webhook delivered', async () =>
        (await outcomes('webhook')).some((e) => e.type === 'reporting.NotificationDelivered'),
      );
      const [delivery] = received;
      const body = JSON.parse(delivery!.body.toString('utf8')) as { purpose: string; incidentId: string };
      expect(body).toMatchObject({ purpose: 'assignment', incidentId });
      const header = (name: string) => {
        const value = delivery!.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      const verified = verifyWebhookSignature({
        secret: SECRET,
        body: delivery!.body,
        signature: header(WEBHOOK_HEADERS.signature),
        timestamp: header(WEBHOOK_HEADERS.timestamp),
      });
      expect(verified).toEqual({ valid: true });
      const { rows } = await reporting.pool.query<{ status: string }>(
        `select status from ${schema}.notifications where incident_id = $1 order by channel`,
        [incidentId],
      );
      expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it('holds no lock while it sends: the row being sent is free to any other transaction, and is recorded after', async () => {
    const schema = reporting.config.REPORTING_SCHEMA;
    const incidentId = uuidv7();
    let answer: (() => void) | undefined;
    let lockedDuringSend: string | undefined;
    // A receiver that holds each request until the test has looked at the row.
    const server = http.createServer((req, res) => {
      req.resume();
      answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(webhookPort, '127.0.0.1', () => resolve()));
    try {
      await assignDirectly(reporting.app.get(PostgresEventStore), incidentId);
      await waitFor('the webhook request held by the receiver', async () => answer !== undefined);
      const client = await reporting.pool.connect();
      try {
        await client.query('begin');
        const row = await client.query(
          `select lease from ${schema}.notifications where incident_id = $1 and channel = 'webhook'
             for update nowait`,
          [incidentId],
        );
        lockedDuringSend = row.rows[0]?.lease === null ? 'no lease' : undefined;
        await client.query('rollback');
      } catch (error) {
        await client.query('rollback');
        lockedDuringSend = error instanceof Error ? error.message : String(error);
      } finally {
        client.release();
      }
      answer!();
      // The row was not locked by the sender (NOWAIT did not fail), and it carried the sender's lease.
      expect(lockedDuringSend).toBeUndefined();
      await waitFor('the webhook recorded as delivered', async () => {
        const { rows } = await reporting.pool.query<{ status: string }>(
          `select status from ${schema}.notifications where incident_id = $1 and channel = 'webhook'`,
          [incidentId],
        );
        return rows[0]?.status === 'delivered';
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it('never sends a notification whose recording transaction rolled back; the same event committed is sent', async () => {
    const store = reporting.app.get(PostgresEventStore);
    const schema = reporting.config.REPORTING_SCHEMA;
    const notifications = async (incidentId: string) =>
      (
        await reporting.pool.query<{ channel: string; status: string }>(
          `select channel, status from ${schema}.notifications where incident_id = $1 order by channel`,
          [incidentId],
        )
      ).rows;
    const mailsBefore = smtp.mails.length;

    const rolledBack = uuidv7();
    await expect(
      store.transaction(async (tx) => {
        await assignDirectly(tx, rolledBack);
        // Inside the transaction the outbox holds it, as it must once the event commits...
        const inside = await tx.client.query(`select 1 from ${schema}.notifications where incident_id = $1`, [
          rolledBack,
        ]);
        expect(inside.rowCount).toBe(2);
        throw new Error('the command failed after recording');
      }),
    ).rejects.toThrow('the command failed after recording');

    // ...and the committed one is sent: by the time it is, the rolled-back one would have been too.
    const committed = uuidv7();
    await assignDirectly(store, committed);
    await waitFor('the committed assignment mailed', async () =>
      (await notifications(committed)).some((n) => n.channel === 'email' && n.status === 'delivered'),
    );
    expect(await notifications(rolledBack)).toEqual([]);
    const { rows } = await reporting.pool.query(
      `select 1 from ${schema}.events where data->>'incidentId' = $1 or metadata->>'correlationId' = $1`,
      [rolledBack],
    );
    expect(rows).toEqual([]);
    expect(smtp.mails.length).toBe(mailsBefore + 1);
  }, 60_000);
});
