import type { Migration } from '@yuqing/event-store';

/**
 * 24-hour duty (值班): the rosters' shifts and handovers and the duty alerts (read models, kept inline with the duty
 * events; `duty_alerts.escalate_at` is the duty watcher's schedule), and `duty_alert_sources`, a work queue of the
 * obligation events that call for an alert, filled by the projection and emptied by the duty watcher.
 */
export function dutyMigration(schema: string): Migration {
  return {
    id: '3019-reporting-duty',
    sql: `
create table ${schema}.duty_shifts (
  shift_id text primary key,
  org_unit text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  monitors text[] not null,
  head text not null,
  scheduled_by text not null
);
create index duty_shifts_unit on ${schema}.duty_shifts (org_unit, starts_at);
create table ${schema}.duty_handovers (
  to_shift_id text primary key,
  org_unit text not null,
  from_shift_id text not null,
  open_matters jsonb not null,
  notes text,
  recorded_by text not null,
  recorded_at timestamptz not null,
  acknowledged_by text,
  acknowledged_at timestamptz
);
create table ${schema}.duty_alerts (
  alert_id text primary key,
  org_unit text not null,
  incident_id text not null,
  obligation_id text,
  kind text,
  cause text not null,
  due_at timestamptz,
  raised_at timestamptz not null,
  shift_id text,
  monitors text[] not null,
  head text not null,
  direct_to_head boolean not null,
  status text not null,
  escalate_at timestamptz,
  escalated_at timestamptz,
  acknowledged_by text,
  acknowledged_at timestamptz,
  rule_set_version text not null
);
create index duty_alerts_escalate on ${schema}.duty_alerts (escalate_at) where status = 'raised';
create index duty_alerts_unit on ${schema}.duty_alerts (org_unit, raised_at desc);
create table ${schema}.duty_alert_sources (
  source_event_id text primary key,
  org_unit text not null,
  incident_id text not null,
  obligation_id text,
  kind text,
  cause text not null,
  due_at timestamptz,
  recorded_at timestamptz not null
);
`,
  };
}
