import type { PostgresEventStore } from '@yuqing/event-store';
import {
  DEFAULT_DUTY_POLICY,
  dutyRosterDecider,
  dutyRosterStreamId,
  shiftsAt,
  type DutyPolicy,
} from '@yuqing/reporting-domain';

// `npm start` (YUQING_DEMO=1): 宜良县's 24-hour duty roster with the demo monitor (yl.monitor) on duty now and the
// county's principal leader (yl.leader) as the head, so the demo's overdue phone flash alerts the monitor on duty
// and, left unacknowledged for the policy's 5 minutes, escalates to the head. Keyed by username: the demo users'
// ids are minted by identity at its start, which reporting cannot know; a real roster names user ids. A restart
// while a shift covers now adds nothing.

const HOUR = 3_600_000;
const ORG_UNIT = 'cn.yn.km.yl';

export async function loadDemoDuty(
  store: PostgresEventStore,
  now: Date,
  policy: DutyPolicy = DEFAULT_DUTY_POLICY,
): Promise<{ shifts: number }> {
  const stream = dutyRosterStreamId(ORG_UNIT);
  const { state, version } = await store.aggregateStream(stream, dutyRosterDecider);
  if (shiftsAt(state, now.toISOString()).length > 0) return { shifts: 0 };
  const startsAt = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const events = dutyRosterDecider.decide(
    {
      kind: 'schedule',
      orgUnitId: ORG_UNIT,
      shiftId: `demo-yl-${startsAt.toISOString().slice(0, 13)}`,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 24 * HOUR).toISOString(),
      monitorUserIds: ['yl.monitor'],
      headUserId: 'yl.leader',
      scheduledBy: 'reporting-demo',
      policy,
    },
    state,
  );
  await store.transaction((tx) =>
    tx.append(stream, events, {
      expectedVersion: version,
      metadata: {
        orgUnit: ORG_UNIT,
        actor: { kind: 'service', id: 'reporting-demo' },
        correlationId: 'demo-yl-duty',
      },
    }),
  );
  return { shifts: events.length };
}
