import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { cursor, nextCursor, ReadModel } from '@yuqing/service-kit';

/** How a duty alert stands: awaiting the monitor's acknowledgement, escalated to the head, or acknowledged. */
export type AlertStatus = 'raised' | 'escalated' | 'acknowledged';

interface ShiftRow {
  shiftId: string;
  startsAt: Date;
  endsAt: Date;
  monitorUserIds: string[];
  headUserId: string;
  handover: {
    fromShiftId: string;
    openMatters: string[];
    notes: string | null;
    recordedBy: string;
    recordedAt: string;
    acknowledgedBy: string | null;
    acknowledgedAt: string | null;
  } | null;
}

interface AlertRow {
  alertId: string;
  orgUnitId: string;
  incidentId: string;
  obligationId: string | null;
  kind: string | null;
  cause: string;
  dueAt: Date | null;
  raisedAt: Date;
  shiftId: string | null;
  monitorUserIds: string[];
  headUserId: string;
  directToHead: boolean;
  status: AlertStatus;
  escalateAt: Date | null;
  escalatedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  ruleSetVersion: string;
}

export interface AlertsQuery {
  readonly limit: number;
  readonly after?: string;
  readonly status?: AlertStatus;
  readonly incidentId?: string;
}

/** 值班: a unit's roster around a moment (who is on duty, handovers) and its duty alerts. */
@Injectable()
export class DutyReadModel extends ReadModel {
  /** The shifts from a day before `now` on, the ones covering `now` marked, each with its incoming handover. */
  async roster(
    orgUnitId: string,
    now: Date,
  ): Promise<{ orgUnitId: string; now: string; onDuty: string[]; shifts: unknown[] }> {
    const { rows } = await this.db.query<ShiftRow>(
      `select s.shift_id as "shiftId", s.starts_at as "startsAt", s.ends_at as "endsAt",
              s.monitors as "monitorUserIds", s.head as "headUserId",
              case when h.to_shift_id is null then null else json_build_object(
                'fromShiftId', h.from_shift_id, 'openMatters', h.open_matters, 'notes', h.notes,
                'recordedBy', h.recorded_by, 'recordedAt', h.recorded_at, 'acknowledgedBy', h.acknowledged_by,
                'acknowledgedAt', h.acknowledged_at) end as handover
         from ${this.table('duty_shifts')} s
         left join ${this.table('duty_handovers')} h on h.to_shift_id = s.shift_id
        where s.org_unit = $1 and s.ends_at > $2::timestamptz - interval '1 day'
        order by s.starts_at, s.shift_id limit 200`,
      [orgUnitId, now],
    );
    const covering = rows.filter((r) => r.startsAt <= now && now < r.endsAt);
    return {
      orgUnitId,
      now: now.toISOString(),
      onDuty: [...new Set(covering.flatMap((r) => r.monitorUserIds))],
      shifts: rows.map((r) => ({ ...r, current: covering.includes(r) })),
    };
  }

  /** The duty alerts of the caller's units, newest first. */
  async alerts(scope: readonly string[], query: AlertsQuery): Promise<{ alerts: AlertRow[]; next?: string }> {
    const from = cursor(query.after);
    const scoped = scopeCondition(scope, { column: 'a.org_unit' });
    const n = scoped.params.length;
    const { rows } = await this.db.query<AlertRow>(
      `select a.alert_id as "alertId", a.org_unit as "orgUnitId", a.incident_id as "incidentId",
              a.obligation_id as "obligationId", a.kind, a.cause, a.due_at as "dueAt", a.raised_at as "raisedAt",
              a.shift_id as "shiftId", a.monitors as "monitorUserIds", a.head as "headUserId",
              a.direct_to_head as "directToHead", a.status, a.escalate_at as "escalateAt",
              a.escalated_at as "escalatedAt", a.acknowledged_by as "acknowledgedBy",
              a.acknowledged_at as "acknowledgedAt", a.rule_set_version as "ruleSetVersion"
         from ${this.table('duty_alerts')} a
        where ${scoped.sql}
          and ($${n + 1}::text is null or a.status = $${n + 1})
          and ($${n + 2}::text is null or a.incident_id = $${n + 2})
          and ($${n + 3}::timestamptz is null or (a.raised_at, a.alert_id) < ($${n + 3}, $${n + 4}))
        order by a.raised_at desc, a.alert_id desc limit $${n + 5}`,
      [
        ...scoped.params,
        query.status ?? null,
        query.incidentId ?? null,
        from?.at ?? null,
        from?.id ?? null,
        query.limit,
      ],
    );
    const last = rows[rows.length - 1];
    return {
      alerts: rows,
      ...(rows.length === query.limit && last ? { next: nextCursor(last.raisedAt, last.alertId) } : {}),
    };
  }
}
