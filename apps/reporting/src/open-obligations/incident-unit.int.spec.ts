import type { Kafka } from 'kafkajs';
import { uuidv7 } from '@yuqing/event-store';
import { KAFKA } from '@yuqing/service-kit';
import { eventually } from '@yuqing/testing';
import { publish } from '../testing/publish';
import { startTestReporting, type TestReporting } from '../testing/reporting-app';

// Issue 19: a later IncidentDetected moved an incident (and what it owes) to the unit it named. An incident is
// detected once, in one unit: the first unit stands, a detection naming another is refused and changes nothing.
const COUNTY = 'cn.yn.km.yl';
const ELSEWHERE = 'cn.yn.qj.ql';
let reporting: TestReporting;
let kafka: Kafka;

beforeAll(async () => {
  reporting = await startTestReporting({ schemaPrefix: 'rep_unit', env: { DEADLINE_WATCHER: 'off' } });
  kafka = reporting.app.get<Kafka>(KAFKA);
}, 60_000);

afterAll(async () => {
  await reporting?.close();
});

const detected = (incidentId: string, orgUnit: string, title: string) => ({
  type: 'ingestion.IncidentDetected',
  streamId: `ingestion-incident-${incidentId}`,
  orgUnit,
  data: { incidentId, title, itemIds: [uuidv7()], detectedAt: new Date().toISOString() },
});

it('keeps an incident in the unit it was detected in when a later detection names another', async () => {
  const incidentId = uuidv7();
  const schema = reporting.config.REPORTING_SCHEMA;
  const [first] = await publish(kafka, [detected(incidentId, COUNTY, '宜良县路面塌陷')]);
  await eventually('the first detection', async () => {
    const { rows } = await reporting.pool.query(`select 1 from ${schema}.inbox where event_id = $1`, [
      first!.eventId,
    ]);
    return rows.length === 1 ? true : undefined;
  });
  // The other unit's detection, then a heat change behind it on the same stream (so on the same partition).
  const heatEventIds = await publish(kafka, [
    detected(incidentId, ELSEWHERE, '改到别处'),
    {
      type: 'ingestion.IncidentHeatChanged',
      streamId: `ingestion-incident-${incidentId}`,
      orgUnit: COUNTY,
      data: {
        incidentId,
        heatIndex: 40,
        previousHeatIndex: 10,
        itemCount: 2,
        engagement: { views: 100, reposts: 1 },
        widestReach: 'city-site',
        measuredAt: new Date().toISOString(),
        ruleSetVersion: 'heat@1',
      },
    },
  ]);
  const [moved, heat] = heatEventIds;
  const facts = await eventually('the heat change behind the other detection', async () => {
    const { rows } = await reporting.pool.query<{ org_unit: string; title: string; heat_event_id: string }>(
      `select org_unit, title, heat_event_id from ${schema}.incident_facts where incident_id = $1`,
      [incidentId],
    );
    return rows[0]?.heat_event_id === heat!.eventId ? rows[0] : undefined;
  });
  expect(facts).toMatchObject({ org_unit: COUNTY, title: '宜良县路面塌陷' });
  const { rows } = await reporting.pool.query(`select 1 from ${schema}.inbox where event_id = $1`, [
    moved!.eventId,
  ]);
  expect(rows).toEqual([]);
});
