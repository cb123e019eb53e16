import type { Kafka } from 'kafkajs';
import { ProjectionRunner, uuidv7 } from '@yuqing/event-store';
import { KAFKA } from '@yuqing/service-kit';
import { eventually } from '@yuqing/testing';
import { publish } from '../testing/publish';
import { startTestReporting, type TestReporting } from '../testing/reporting-app';

// A monitor merges two incidents of one event, or splits one in two (合并, 拆分), in ingestion; reporting follows
// from ingestion's events on Kafka: one set of obligations after a merge (the earliest clock kept, the merge
// cited), an incident split off another clocked from the split. Real topics, the service's own consumer groups.
const MINUTE = 60_000;
const COUNTY = 'cn.yn.km.yl';
let reporting: TestReporting;
let kafka: Kafka;

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_merge', env: { DEADLINE_WATCHER: 'off' } });
  kafka = reporting.app.get<Kafka>(KAFKA);
}, 60_000);

afterAll(async () => {
  await reporting?.close();
});

interface Listed {
  obligationId: string;
  incidentId: string;
  kind: string;
  standing: string;
  dueAt: string;
  clockBasis: string;
  clockStartedAt: string;
  cancelledReason: string | null;
  keptObligationId: string | null;
  carriedOverFrom: string | null;
  mergeEventId: string | null;
}

async function obligations(incidentId: string): Promise<Listed[]> {
  const response = await fetch(`${reporting.url}/api/reporting/obligations?incidentId=${incidentId}`, {
    headers: { authorization: `Bearer ${await reporting.token('opinion-admin')}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { obligations: Listed[] }).obligations;
}

/** An item captured `capturedAt` forming an incident, as ingestion publishes it. */
function detected(incidentId: string, capturedAt: Date, splitFromIncidentId?: string) {
  const itemId = uuidv7();
  return [
    {
      type: 'ingestion.ItemCaptured',
      streamId: `ingestion-item-${itemId}`,
      orgUnit: COUNTY,
      data: {
        itemId,
        url: `https://www.people.com.cn/n1/${itemId}.html`,
        platform: 'news-site',
        reachTier: 'central-media',
        outlet: '人民网',
        title: '宜良县城区路面塌陷',
        text: '网民反映路面塌陷。',
        captureMethod: 'crawler',
        capturedAt: capturedAt.toISOString(),
        contentHash: 'a'.repeat(64),
        canonicalUrl: `https://www.people.com.cn/n1/${itemId}.html`,
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
        detectedAt: splitFromIncidentId ? new Date().toISOString() : capturedAt.toISOString(),
        ...(splitFromIncidentId ? { splitFromIncidentId } : {}),
      },
    },
  ];
}

const confirmedL1 = (incidentId: string) => ({
  type: 'grading.GradeConfirmed',
  streamId: `grading-incident-${incidentId}`,
  orgUnit: COUNTY,
  data: { incidentId, proposalId: uuidv7(), grade: { level: 'level-1', exceptional: false } },
});

function merged(survivor: string, mergedAway: string, itemIds: string[] = []) {
  const reason = '同一事件的不同报道';
  return [
    {
      type: 'ingestion.IncidentsMerged',
      streamId: `ingestion-incident-${survivor}`,
      orgUnit: COUNTY,
      data: {
        incidentId: survivor,
        mergedIncidentId: mergedAway,
        itemIds,
        mergedDetectedAt: new Date().toISOString(),
        reason,
      },
    },
    {
      type: 'ingestion.IncidentMergedInto',
      streamId: `ingestion-incident-${mergedAway}`,
      orgUnit: COUNTY,
      data: { incidentId: mergedAway, intoIncidentId: survivor, itemIds, reason },
    },
  ];
}

const byKind = (listed: readonly Listed[], standing?: string) =>
  Object.fromEntries(
    listed.filter((o) => standing === undefined || o.standing === standing).map((o) => [o.kind, o]),
  );

describe('following a merge (合并)', () => {
  it('leaves one open obligation per kind on the survivor, at the earlier deadline, each change citing the merge', async () => {
    // given two 一级 incidents of one event: the one to be merged away arose 10 minutes before the survivor
    const survivor = uuidv7();
    const mergedAway = uuidv7();
    const early = new Date(Date.now() - 12 * MINUTE);
    const late = new Date(Date.now() - 2 * MINUTE);
    const mergedItems = detected(mergedAway, early);
    await publish(kafka, [
      ...mergedItems,
      confirmedL1(mergedAway),
      ...detected(survivor, late),
      confirmedL1(survivor),
    ]);
    const before = await eventually('both incidents’ flash obligations', async () => {
      const [s, m] = [await obligations(survivor), await obligations(mergedAway)];
      return s.length === 2 && m.length === 2 ? { s: byKind(s), m: byKind(m) } : undefined;
    });

    // when a monitor merges the earlier one into the later one
    const itemId = (mergedItems[0]!.data as { itemId: string }).itemId;
    const [merge] = await publish(kafka, merged(survivor, mergedAway, [itemId]));

    // then the survivor has exactly one open obligation per kind: the merged incident's, with its earlier deadline
    const after = await eventually('the merge followed', async () => {
      const listed = await obligations(survivor);
      return listed.length === 4 ? listed : undefined;
    });
    const open = after.filter((o) => o.standing === 'pending' || o.standing === 'overdue');
    expect(open.map((o) => [o.kind, o.obligationId, o.dueAt]).sort()).toEqual(
      [
        ['paper-flash', before.m['paper-flash']!.obligationId, before.m['paper-flash']!.dueAt],
        ['phone-flash', before.m['phone-flash']!.obligationId, before.m['phone-flash']!.dueAt],
      ].sort(),
    );
    expect(Date.parse(open.find((o) => o.kind === 'phone-flash')!.dueAt)).toBe(early.getTime() + 30 * MINUTE);
    for (const o of open) {
      expect(o).toMatchObject({
        incidentId: survivor,
        carriedOverFrom: mergedAway,
        mergeEventId: merge!.eventId,
      });
    }
    // the survivor's own, later ones are withdrawn for the merge, naming the one that stands
    const cancelled = after.filter((o) => o.standing === 'cancelled');
    expect(cancelled.map((o) => o.obligationId).sort()).toEqual(
      [before.s['phone-flash']!.obligationId, before.s['paper-flash']!.obligationId].sort(),
    );
    for (const o of cancelled) {
      expect(o).toMatchObject({
        cancelledReason: 'incident-merged',
        mergeEventId: merge!.eventId,
        keptObligationId: before.m[o.kind]!.obligationId,
      });
    }
    // the merged incident has nothing open (its obligations went over)
    expect(await obligations(mergedAway)).toEqual([]);

    // and the survivor's clock facts are the earlier of both; the carried obligations' wake-ups are the survivor's
    const s = reporting.config.REPORTING_SCHEMA;
    const { rows: facts } = await reporting.pool.query<{ first_captured_at: Date }>(
      `select first_captured_at from ${s}.incident_facts where incident_id = $1`,
      [survivor],
    );
    expect(facts[0]!.first_captured_at.toISOString()).toBe(early.toISOString());
    const { rows: wakeUps } = await reporting.pool.query<{ incident_id: string }>(
      `select distinct incident_id from ${s}.deadlines where subject_id = any($1::text[]) and fired_at is null`,
      [open.map((o) => o.obligationId)],
    );
    expect(wakeUps).toEqual([{ incident_id: survivor }]);

    // and a report made now goes to the survivor's stream, meeting the carried-over obligation
    const phone = open.find((o) => o.kind === 'phone-flash')!;
    const sent = await fetch(`${reporting.url}/api/reporting/flash-reports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await reporting.token('opinion-admin')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        obligationId: phone.obligationId,
        method: 'phone',
        recipientOrgUnitId: 'cn.yn.km',
        sentAt: new Date().toISOString(),
        summary: '宜良县城区路面塌陷，人民网已报道。',
      }),
    });
    expect(sent.status).toBe(201);
    expect(((await sent.json()) as { incidentId: string }).incidentId).toBe(survivor);
  });

  it('carries over what a grade of the merged incident opens when it comes after the merge', async () => {
    // given an ungraded incident merged into a 一级 one whose flash reports are open
    const survivor = uuidv7();
    const mergedAway = uuidv7();
    await publish(kafka, [...detected(survivor, new Date(Date.now() - MINUTE)), confirmedL1(survivor)]);
    await eventually('the survivor’s obligations', async () =>
      (await obligations(survivor)).length === 2 ? true : undefined,
    );
    await publish(kafka, [
      ...detected(mergedAway, new Date(Date.now() - 20 * MINUTE)),
      ...merged(survivor, mergedAway),
    ]);
    const s = reporting.config.REPORTING_SCHEMA;
    await eventually('the merge recorded, with the merged incident’s earlier item', async () => {
      const { rows } = await reporting.pool.query(
        `select 1 from ${s}.incident_facts m join ${s}.incident_facts f on f.incident_id = m.merged_into
          where m.incident_id = $1 and m.merged_into = $2 and f.first_captured_at < now() - interval '15 minutes'`,
        [mergedAway, survivor],
      );
      return rows.length === 1 ? true : undefined;
    });

    // when the grading authority's confirmation of the merged incident arrives late
    await publish(kafka, [confirmedL1(mergedAway)]);

    // then its obligations, clocked 20 minutes earlier, stand on the survivor; the survivor's own are withdrawn
    const listed = await eventually('the late grade followed', async () => {
      const found = await obligations(survivor);
      return found.length === 4 ? found : undefined;
    });
    expect(listed.filter((o) => o.standing === 'pending').map((o) => o.carriedOverFrom)).toEqual([
      mergedAway,
      mergedAway,
    ]);
    expect(listed.filter((o) => o.standing === 'cancelled')).toHaveLength(2);
    expect(await obligations(mergedAway)).toEqual([]);
  });
});

describe('following a split (拆分)', () => {
  it('clocks an incident split off another from the split, and leaves the original’s obligations as they were', async () => {
    const original = uuidv7();
    await publish(kafka, [...detected(original, new Date(Date.now() - 40 * MINUTE)), confirmedL1(original)]);
    const before = await eventually('the original’s obligations', async () => {
      const found = await obligations(original);
      return found.length === 2 ? found : undefined;
    });

    const split = uuidv7();
    const splitOff = detected(split, new Date(Date.now() - 40 * MINUTE), original);
    await publish(kafka, [
      ...splitOff,
      {
        type: 'ingestion.IncidentSplit',
        streamId: `ingestion-incident-${original}`,
        orgUnit: COUNTY,
        data: {
          incidentId: original,
          newIncidentId: split,
          itemIds: [(splitOff[0]!.data as { itemId: string }).itemId],
          reason: '两起不同事件',
        },
      },
      confirmedL1(split),
    ]);

    const fresh = await eventually('the split-off incident’s obligations', async () => {
      const found = await obligations(split);
      return found.length === 2 ? found : undefined;
    });
    const detectedAt = (splitOff[1]!.data as { detectedAt: string }).detectedAt;
    for (const o of fresh)
      expect(o).toMatchObject({ clockBasis: 'split', clockStartedAt: new Date(detectedAt).toISOString() });
    const stable = (listed: readonly Listed[]) => listed.map((o) => [o.obligationId, o.standing, o.dueAt]);
    expect(stable(await obligations(original))).toEqual(stable(before));
  });
});

it('rebuilds the same obligations and schedule from the reporting streams after merges', async () => {
  const s = reporting.config.REPORTING_SCHEMA;
  const snapshot = async () =>
    Promise.all([
      reporting.pool.query(`select * from ${s}.obligations order by obligation_id`),
      reporting.pool.query(
        `select incident_id, org_unit, kind, subject_id, lead_minutes, fire_at, fired_at is null as pending
           from ${s}.deadlines order by subject_id, kind, lead_minutes`,
      ),
    ]).then((results) => results.map((r) => r.rows));
  const before = await snapshot();
  await reporting.app.get(ProjectionRunner).rebuild();
  expect(await snapshot()).toEqual(before);
});
