import type { Kafka } from 'kafkajs';
import request from 'supertest';
import { uuidv7 } from '@yuqing/event-store';
import { KAFKA } from '@yuqing/service-kit';
import { eventually } from '@yuqing/testing';
import { publish } from '../testing/publish';
import { startTestReporting, type TestReporting } from '../testing/reporting-app';

// 转办回告 end to end: ingestion publishes an item the city's internet office transferred down to the county with a
// time limit (ItemTransferredIn.respondBy) on the real topic; reporting opens the county's duty to answer, the loop
// watcher reminds it and records it overdue on the test clock, and the answer the county gives late shows in the
// transferring office's list as late.
const HOUR = 60 * 60_000;
const COUNTY = 'cn.yn.km.yl';
const OFFICE = 'cn.yn.km.wxb';
let reporting: TestReporting;
let kafka: Kafka;

const api = () => request(reporting.app.getHttpServer());

interface TransferRow {
  transferId: string;
  orgUnit: string;
  fromOrgUnitId: string;
  dueAt: string;
  standing: string;
  onTime: boolean | null;
  overdueAt: string | null;
  answer: string | null;
}

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_transfer' });
  kafka = reporting.app.get<Kafka>(KAFKA);
}, 60_000);

afterAll(async () => {
  await reporting?.close();
});

async function transfers(role: 'internet-office' | 'opinion-admin', orgUnit: string, direction: string) {
  const response = await api()
    .get(`/api/reporting/transfers?direction=${direction}`)
    .set('authorization', `Bearer ${await reporting.token(role, orgUnit)}`)
    .expect(200);
  return response.body.transfers as TransferRow[];
}

async function events(streamId: string): Promise<string[]> {
  const { rows } = await reporting.pool.query<{ event_type: string }>(
    `select event_type from ${reporting.config.REPORTING_SCHEMA}.events where stream_id = $1 order by stream_position`,
    [streamId],
  );
  return rows.map((r) => r.event_type.replace('reporting.', ''));
}

function transferredIn(itemId: string, transferredAt: Date, respondBy: Date) {
  return {
    type: 'ingestion.ItemTransferredIn',
    streamId: `ingestion-item-${itemId}`,
    orgUnit: COUNTY,
    data: {
      itemId,
      fromOrgUnitId: OFFICE,
      transferReference: `KMWX-${itemId.slice(-6)}`,
      title: '网民反映某小区停水三天',
      instructions: '请核实处置并于时限内回告。',
      transferredAt: transferredAt.toISOString(),
      respondBy: respondBy.toISOString(),
    },
  };
}

describe('转办: a transferred item is answered back (回告) to the office that transferred it', () => {
  it('records an answer given after the time limit as overdue, and the transferring office sees it late', async () => {
    const itemId = uuidv7();
    const now = reporting.clock.now();
    await publish(kafka, [transferredIn(itemId, now, new Date(now.getTime() + 24 * HOUR))]);

    // The county's duty opens from the event, with the transfer's own limit.
    const received = await eventually('the transfer to open', async () =>
      (await transfers('opinion-admin', COUNTY, 'received')).find((t) => t.transferId === itemId),
    );
    expect(received).toMatchObject({ orgUnit: COUNTY, fromOrgUnitId: OFFICE, standing: 'pending' });

    // Four hours before the limit the watcher reminds; past it, the answer is overdue (超期未回告).
    reporting.clock.advance(21 * HOUR);
    await eventually('the reminder', async () =>
      (await events(`reporting-transfer-${itemId}`)).includes('TransferReminderDue') ? true : undefined,
    );
    reporting.clock.advance(4 * HOUR);
    await eventually('the overdue', async () =>
      (await events(`reporting-transfer-${itemId}`)).includes('TransferResponseOverdue') ? true : undefined,
    );
    const overdue = (await transfers('internet-office', 'cn.yn.km', 'sent')).find(
      (t) => t.transferId === itemId,
    );
    expect(overdue).toMatchObject({ standing: 'overdue' });
    expect(overdue!.overdueAt).not.toBeNull();

    // The county answers late: accepted, recorded late.
    const answered = await api()
      .post(`/api/reporting/transfers/${itemId}/answers`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
      .send({
        answer: '已协调自来水公司恢复供水，并在论坛回复网民。',
        resolution: 'resolved',
        answeredAt: reporting.clock.now().toISOString(),
      })
      .expect(201);
    expect(answered.body).toEqual({ transferId: itemId, onTime: false });

    const seen = (await transfers('internet-office', 'cn.yn.km', 'sent')).find(
      (t) => t.transferId === itemId,
    );
    expect(seen).toMatchObject({
      standing: 'answered-late',
      onTime: false,
      answer: '已协调自来水公司恢复供水，并在论坛回复网民。',
    });
    expect(await events(`reporting-transfer-${itemId}`)).toEqual([
      'TransferResponseOwed',
      'TransferReminderDue',
      'TransferResponseOverdue',
      'TransferAnswered',
    ]);

    // A second answer is refused with its rule; another county cannot answer it.
    const again = await api()
      .post(`/api/reporting/transfers/${itemId}/answers`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
      .send({ answer: '补充。', resolution: 'resolved', answeredAt: reporting.clock.now().toISOString() })
      .expect(422);
    expect(again.body.rule).toBe('reporting.transfer-already-answered');
    await api()
      .post(`/api/reporting/transfers/${itemId}/answers`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', 'cn.yn.km.sl')}`)
      .send({ answer: '补充。', resolution: 'resolved', answeredAt: reporting.clock.now().toISOString() })
      .expect(403);
  });

  it('records an answer within the limit as on time, and answers 404 for a transfer it never received', async () => {
    const itemId = uuidv7();
    const now = reporting.clock.now();
    await publish(kafka, [transferredIn(itemId, now, new Date(now.getTime() + 48 * HOUR))]);
    await eventually('the transfer to open', async () =>
      (await transfers('opinion-admin', COUNTY, 'received')).find((t) => t.transferId === itemId),
    );
    const answered = await api()
      .post(`/api/reporting/transfers/${itemId}/answers`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
      .send({ answer: '已办结。', resolution: 'explained', answeredAt: reporting.clock.now().toISOString() })
      .expect(201);
    expect(answered.body.onTime).toBe(true);
    const seen = (await transfers('internet-office', 'cn.yn.km', 'sent')).find(
      (t) => t.transferId === itemId,
    );
    expect(seen).toMatchObject({ standing: 'answered', onTime: true });

    await api()
      .post(`/api/reporting/transfers/${uuidv7()}/answers`)
      .set('authorization', `Bearer ${await reporting.token('opinion-admin', COUNTY)}`)
      .send({ answer: '已办结。', resolution: 'resolved', answeredAt: reporting.clock.now().toISOString() })
      .expect(404);
  });
});
