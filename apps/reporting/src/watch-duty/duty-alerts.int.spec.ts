import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { uuidv7 } from '@yuqing/event-store';
import { eventually, waitFor } from '@yuqing/testing';
import { grade, startTestReporting, type TestReporting } from '../testing/reporting-app';

// 24-hour duty (篇一二(一) 24小时网络在线值班), for real: 宜良县 keeps a roster with monitor-1 on duty and
// principal-leader-1 as its head. A 一级 incident's phone flash goes to the monitor on duty first; unacknowledged
// for the policy's 5 minutes (on the test clock) it escalates to the head; acknowledged, it does not; raised
// outside any shift it goes to the head directly. Every step is an event: DutyAlertRaised → NotificationAttempted
// (to the monitor) → DutyAlertAcknowledged | DutyAlertEscalated → NotificationAttempted (to the head).

const COUNTY = 'cn.yn.km.yl';
const MINUTE = 60_000;
const SECRET = 'a-webhook-secret-of-at-least-32-characters';
let reporting: TestReporting;
let receiver: http.Server;
const received: {
  recipient: { kind: string; id: string };
  subject: string;
  incidentId: string;
  obligationId?: string;
}[] = [];
const api = () => request(reporting.app.getHttpServer());

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  const port = (receiver.address() as AddressInfo).port;
  reporting = await startTestReporting({
    schemaPrefix: 'rep_duty',
    env: {
      NOTIFY_CHANNELS: 'webhook',
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/yuqing`,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${port}`,
    },
  });
}, 60_000);

afterAll(async () => {
  await reporting?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

interface Alert {
  alertId: string;
  incidentId: string;
  kind: string;
  cause: string;
  status: string;
  monitorUserIds: string[];
  headUserId: string;
  directToHead: boolean;
}

async function alertFor(incidentId: string, status?: string): Promise<Alert | undefined> {
  const response = await api()
    .get(`/api/reporting/duty-alerts?incidentId=${incidentId}${status ? `&status=${status}` : ''}`)
    .set('authorization', `Bearer ${await reporting.token('monitor', COUNTY)}`)
    .expect(200);
  return (response.body.alerts as Alert[]).find(
    (a) => a.kind === 'phone-flash' && a.cause === 'obligation-opened',
  );
}

/** The events of an alert's stream and the notification attempts for it, in order, as `type → recipient`. */
async function steps(alert: Alert): Promise<string[]> {
  const { rows } = await reporting.pool.query<{ event_type: string; recipient: string | null }>(
    `select event_type, data->'recipient'->>'id' as recipient from ${reporting.config.REPORTING_SCHEMA}.events
      where stream_id = $1
         or (event_type = 'reporting.NotificationAttempted' and data->>'obligationId' = $2
             and data->'recipient'->>'kind' = 'user')
      order by global_position`,
    [`reporting-duty-alert-${alert.alertId}`, (await obligationOf(alert))!],
  );
  return rows.map((r) => (r.recipient ? `${r.event_type} → ${r.recipient}` : r.event_type));
}

async function obligationOf(alert: Alert): Promise<string | undefined> {
  const { rows } = await reporting.pool.query<{ obligation_id: string }>(
    `select obligation_id from ${reporting.config.REPORTING_SCHEMA}.duty_alerts where alert_id = $1`,
    [alert.alertId],
  );
  return rows[0]?.obligation_id;
}

async function level1(incidentId: string): Promise<void> {
  const now = reporting.clock.now();
  await grade(reporting.app, {
    incidentId,
    orgUnit: COUNTY,
    grade: { level: 'level-1', exceptional: false },
    aroseAt: now,
    gradedAt: now,
    title: '宜良县某路段路面塌陷致车辆受损',
  });
}

describe('24-hour duty (值班): alerts go to the monitor on duty first and escalate to the head', () => {
  let shiftEndsAt: Date;

  beforeAll(async () => {
    const now = reporting.clock.now();
    shiftEndsAt = new Date(now.getTime() + 2 * 60 * MINUTE);
    await api()
      .post(`/api/reporting/duty/${COUNTY}/shifts`)
      .set('authorization', `Bearer ${await reporting.token('internet-office', COUNTY)}`)
      .send({
        startsAt: new Date(now.getTime() - 60 * MINUTE).toISOString(),
        endsAt: shiftEndsAt.toISOString(),
        monitorUserIds: ['monitor-1'],
        headUserId: 'principal-leader-1',
      })
      .expect(201);
    const roster = await api()
      .get(`/api/reporting/duty/${COUNTY}/roster`)
      .set('authorization', `Bearer ${await reporting.token('monitor', COUNTY)}`)
      .expect(200);
    expect(roster.body.onDuty).toEqual(['monitor-1']);
  });

  it('an alert unacknowledged by the monitor on duty reaches the unit’s head, with every step an event', async () => {
    const incidentId = uuidv7();
    await level1(incidentId);
    const raised = await eventually('the alert raised to the monitor on duty', () =>
      alertFor(incidentId, 'raised'),
    );
    expect(raised).toMatchObject({
      monitorUserIds: ['monitor-1'],
      headUserId: 'principal-leader-1',
      directToHead: false,
    });
    await eventually('the monitor notified', async () =>
      received.find(
        (n) =>
          n.incidentId === incidentId && n.recipient.id === 'monitor-1' && n.subject.includes('值班告警'),
      ),
    );

    reporting.clock.advance(5 * MINUTE);
    await eventually('the alert escalated', () => alertFor(incidentId, 'escalated'));
    const head = await eventually('the head notified', async () =>
      received.find((n) => n.incidentId === incidentId && n.recipient.id === 'principal-leader-1'),
    );
    expect(head).toMatchObject({ recipient: { kind: 'user', id: 'principal-leader-1' } });
    expect(head.subject).toContain('值班告警升级');
    // The webhook answers before the attempt is appended: wait for the fourth step, then check the order.
    await waitFor('the attempt to notify the head recorded', async () => (await steps(raised)).length >= 4);
    expect(await steps(raised)).toEqual([
      'reporting.DutyAlertRaised',
      'reporting.NotificationAttempted → monitor-1',
      'reporting.DutyAlertEscalated',
      'reporting.NotificationAttempted → principal-leader-1',
    ]);
  });

  it('an alert the monitor on duty acknowledges does not escalate; someone else may not acknowledge it', async () => {
    const incidentId = uuidv7();
    await level1(incidentId);
    const raised = await eventually('the alert raised', () => alertFor(incidentId, 'raised'));
    // The monitor acknowledges what reached them: the attempt to notify them is recorded first.
    await waitFor(
      'the attempt to notify the monitor recorded',
      async () => (await steps(raised)).length >= 2,
    );
    const other = await api()
      .post(`/api/reporting/duty-alerts/${raised.alertId}/acknowledgements`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
      .expect(403);
    expect(other.body.rule).toBe('reporting.duty-alert-not-yours');
    const acknowledged = await api()
      .post(`/api/reporting/duty-alerts/${raised.alertId}/acknowledgements`)
      .set('authorization', `Bearer ${await reporting.token('monitor', COUNTY)}`)
      .expect(201);
    expect(acknowledged.body).toEqual({ alertId: raised.alertId, afterEscalation: false });

    reporting.clock.advance(10 * MINUTE);
    // The watcher has had its rounds on the moved clock (the first test's kind of alert escalated meanwhile).
    const later = uuidv7();
    await level1(later);
    await eventually('a later alert raised', () => alertFor(later, 'raised'));
    expect(await alertFor(incidentId)).toMatchObject({ status: 'acknowledged' });
    // The acknowledged phone flash did not reach the head (its paper flash, unacknowledged, may have).
    const phoneFlash = await obligationOf(raised);
    const toHead = received.filter(
      (n) => n.incidentId === incidentId && n.recipient.id === 'principal-leader-1',
    );
    expect(toHead.some((n) => n.obligationId === phoneFlash)).toBe(false);
    expect(await steps(raised)).toEqual([
      'reporting.DutyAlertRaised',
      'reporting.NotificationAttempted → monitor-1',
      'reporting.DutyAlertAcknowledged',
    ]);
  });

  it('outside any shift the alert goes to the head directly', async () => {
    reporting.clock.set(new Date(shiftEndsAt.getTime() + MINUTE));
    const incidentId = uuidv7();
    await level1(incidentId);
    const alert = await eventually('the alert raised to the head', () => alertFor(incidentId, 'escalated'));
    expect(alert).toMatchObject({ monitorUserIds: [], directToHead: true, headUserId: 'principal-leader-1' });
    await eventually('the head notified', async () =>
      received.find((n) => n.incidentId === incidentId && n.recipient.id === 'principal-leader-1'),
    );
    expect(received.some((n) => n.incidentId === incidentId && n.recipient.id === 'monitor-1')).toBe(false);
  });
});
