import type { Pool } from 'pg';
import type { Grade } from '@yuqing/contracts';
import type { PostgresEventStore } from '@yuqing/event-store';
import type { IncidentReporting } from '../incidents/incident-reporting';
import { loadDemoDuty } from './demo-duty';

// `npm start` (YUQING_DEMO=1): three incidents of 宜良县 graded as if a while ago, so the console shows running
// countdowns at once and the watcher turns one deadline overdue within its first round. Fixed ids: a restart adds
// nothing (the grade events have been acted on).

const MINUTE = 60_000;
const ORG_UNIT = 'cn.yn.km.yl';

interface DemoIncident {
  readonly incidentId: string;
  readonly title: string;
  readonly grade: Grade;
  /** Minutes ago the opinion arose, and it was graded. */
  readonly arose: number;
  readonly graded: number;
}

const INCIDENTS: readonly DemoIncident[] = [
  {
    // Phone flash overdue 15 minutes ago (30 min after it arose); paper flash due in 15 minutes.
    incidentId: 'demo-yl-road-collapse',
    title: '宜良县城区路面塌陷致车辆受损 多家中央媒体关注',
    grade: { level: 'level-1', exceptional: false },
    arose: 45,
    graded: 40,
  },
  {
    incidentId: 'demo-yl-water-outage',
    title: '宜良县匡远街道连续停水三天 云南网报道',
    grade: { level: 'level-2', exceptional: false },
    arose: 30,
    graded: 10,
  },
  {
    incidentId: 'demo-yl-street-lights',
    title: '网民反映宜良县某小区路灯长期不亮',
    grade: { level: 'level-3', exceptional: false },
    arose: 90,
    graded: 60,
  },
];

export async function loadDemo(
  pool: Pool,
  store: PostgresEventStore,
  reporting: IncidentReporting,
): Promise<{ incidents: number; events: number }> {
  const now = reporting.clock.now().getTime();
  // 值班 first: the alerts the incidents below call for find the monitor on duty (demo-duty.ts).
  await loadDemoDuty(store, new Date(now));
  let events = 0;
  for (const incident of INCIDENTS) {
    const arose = new Date(now - incident.arose * MINUTE);
    await pool.query(
      `insert into ${store.schema}.incident_facts (incident_id, org_unit, title, first_captured_at) values ($1, $2, $3, $4)
       on conflict (incident_id) do nothing`,
      [incident.incidentId, ORG_UNIT, incident.title, arose],
    );
    const result = await reporting.execute(
      incident.incidentId,
      {
        kind: 'open-for-grade',
        incidentId: incident.incidentId,
        orgUnit: ORG_UNIT,
        grade: incident.grade,
        gradeEventId: `${incident.incidentId}-grade`,
        gradedAt: new Date(now - incident.graded * MINUTE).toISOString(),
        incidentStart: { firstCapturedAt: arose.toISOString() },
      },
      {
        orgUnit: ORG_UNIT,
        actor: { kind: 'service', id: 'reporting-demo' },
        correlationId: incident.incidentId,
      },
    );
    events += result.events.length;
  }
  return { incidents: INCIDENTS.length, events };
}
