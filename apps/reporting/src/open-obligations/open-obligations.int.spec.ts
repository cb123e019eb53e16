import type { Kafka } from 'kafkajs';
import { uuidv7 } from '@yuqing/event-store';
import { KAFKA } from '@yuqing/service-kit';
import { eventually, waitFor } from '@yuqing/testing';
import { publish, recorded, send, type Landed } from '../testing/publish';
import { startTestReporting, type TestReporting } from '../testing/reporting-app';

// Obligations open from what grading and ingestion publish on Kafka, whichever arrives first: the grade gives the
// duty, ingestion the moment the opinion arose (the clock). Real topics, the service's own consumer group.
const MINUTE = 60_000;
const COUNTY = 'cn.yn.km.yl';
let reporting: TestReporting;
let kafka: Kafka;

beforeAll(async () => {
  reporting = await startTestReporting({
    schemaPrefix: 'rep_open',
    env: {
      DEADLINE_WATCHER: 'off',
    },
  });
  kafka = reporting.app.get<Kafka>(KAFKA);
}, 60_000);

afterAll(async () => {
  await reporting?.close();
});

function ingestionOf(
  incidentId: string,
  itemId: string,
  capturedAt: Date,
  extra: { platform?: string; outlet?: string } = {},
) {
  return [
    {
      type: 'ingestion.ItemCaptured',
      streamId: `ingestion-item-${itemId}`,
      orgUnit: COUNTY,
      data: {
        itemId,
        url: `https://bbs.example.cn/t/${itemId}`,
        platform: extra.platform ?? 'forum',
        reachTier: 'city-site',
        outlet: extra.outlet ?? '宜良论坛',
        title: '宜良县城区路面塌陷',
        text: '网民反映路面塌陷。',
        publishedAt: new Date(capturedAt.getTime() - 5 * MINUTE).toISOString(),
        captureMethod: 'crawler',
        capturedAt: capturedAt.toISOString(),
        contentHash: 'a'.repeat(64),
        canonicalUrl: `https://bbs.example.cn/t/${itemId}`,
        fingerprint: '0123456789abcdef',
        matchedRules: [],
        matchedTerms: [],
        sentiment: { polarity: 'negative', score: -0.5, decidingWords: [] },
      },
    },
    {
      type: 'ingestion.IncidentDetected',
      streamId: `ingestion-incident-${incidentId}`,
      orgUnit: COUNTY,
      data: {
        incidentId,
        title: '宜良县城区路面塌陷',
        itemIds: [itemId],
        detectedAt: capturedAt.toISOString(),
      },
    },
  ];
}

const confirmed = (incidentId: string, level: 'level-1' | 'level-2') => ({
  type: 'grading.GradeConfirmed',
  streamId: `grading-incident-${incidentId}`,
  orgUnit: COUNTY,
  data: { incidentId, proposalId: uuidv7(), grade: { level, exceptional: false } },
});

async function obligationsOf(
  incidentId: string,
  count: number,
): Promise<{ kind: string; clock_started_at: Date; due_at: Date; recipient: string }[]> {
  return eventually(`${count} obligations of ${incidentId}`, async () => {
    const { rows } = await reporting.pool.query<{
      kind: string;
      clock_started_at: Date;
      due_at: Date;
      recipient: string;
    }>(
      `select kind, clock_started_at, due_at, recipient from ${reporting.config.REPORTING_SCHEMA}.obligations where incident_id = $1 order by due_at`,
      [incidentId],
    );
    return rows.length === count ? rows : undefined;
  });
}

/** The reporting consumer group that handles an event's topic. */
const groupOf = (landed: Landed): string =>
  `${reporting.config.REPORTING_SCHEMA}.${
    landed.type.startsWith('grading.') ? 'open-obligations-grades' : 'open-obligations-incidents'
  }`;

/** Whether the group has committed an offset past the message: its handling (and inbox row, if any) committed. */
async function committedPast(message: Landed): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId: groupOf(message), topics: [message.topic] });
    const offset = committed?.partitions.find((p) => p.partition === message.partition)?.offset ?? '-1';
    return BigInt(offset) > message.offset;
  } finally {
    await admin.disconnect();
  }
}

describe('opening obligations from grading’s and ingestion’s events', () => {
  it('opens a 一级 incident’s flash reports with the clock from its first capture when the grade follows the items', async () => {
    const incidentId = uuidv7();
    const captured = new Date(Date.now() - 3 * MINUTE);
    await publish(kafka, [...ingestionOf(incidentId, uuidv7(), captured), confirmed(incidentId, 'level-1')]);

    const rows = await obligationsOf(incidentId, 2);

    expect(
      rows.map((r) => [r.kind, r.recipient, r.clock_started_at.toISOString(), r.due_at.toISOString()]),
    ).toEqual([
      [
        'phone-flash',
        'cn.yn.km',
        captured.toISOString(),
        new Date(captured.getTime() + 30 * MINUTE).toISOString(),
      ],
      [
        'paper-flash',
        'cn.yn.km',
        captured.toISOString(),
        new Date(captured.getTime() + 60 * MINUTE).toISOString(),
      ],
    ]);
  });

  it('waits for ingestion’s facts when the grade arrives first, then opens once', async () => {
    const incidentId = uuidv7();
    const captured = new Date(Date.now() - 2 * MINUTE);
    const grade = recorded([confirmed(incidentId, 'level-2')]);
    const facts = recorded(ingestionOf(incidentId, uuidv7(), captured));
    await send(kafka, grade);
    await send(kafka, facts);
    const [bulletin] = await obligationsOf(incidentId, 1);
    expect(bulletin).toMatchObject({ kind: 'bulletin', recipient: 'cn.yn.km' });

    // Kafka redelivers all three (same event ids), as after a crash before the offsets were committed. Counted only
    // once both consumer groups have committed past every redelivered message, so a second opening would be seen.
    const again = await send(kafka, [...grade, ...facts]);
    await waitFor('the redelivered events to be handled', async () =>
      (await Promise.all(again.map(committedPast))).every(Boolean),
    );

    const { rows } = await reporting.pool.query<{ kind: string }>(
      `select kind from ${reporting.config.REPORTING_SCHEMA}.obligations where incident_id = $1`,
      [incidentId],
    );
    expect(rows.map((r) => r.kind)).toEqual(['bulletin']);
    const { rows: opened } = await reporting.pool.query<{ n: number }>(
      `select count(*)::int as n from ${reporting.config.REPORTING_SCHEMA}.events
        where stream_id = $1 and event_type = 'reporting.ReportingObligationOpened'`,
      [`reporting-incident-${incidentId}`],
    );
    expect(opened[0]!.n).toBe(1);
  });

  it('refers an item on the mayor’s message board to the city government supervision office (市政府督办室)', async () => {
    const incidentId = uuidv7();
    await publish(
      kafka,
      ingestionOf(incidentId, uuidv7(), new Date(), {
        platform: 'leader-message-board',
        outlet: '人民网地方领导留言板·昆明市市长',
      }),
    );

    const [referral] = await obligationsOf(incidentId, 1);

    expect(referral).toMatchObject({ kind: 'leader-board-referral', recipient: 'cn.yn.km.zfdbs' });
  });
});
