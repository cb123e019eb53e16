import type { Migration } from '@yuqing/event-store';
import { documentVersionsMigration } from '@yuqing/service-kit';
import { dutyMigration } from './duty/duty.schema';

/**
 * The reporting service's tables. Three kinds, each said where it is filled:
 * - incident facts: what ingestion and grading published (start times, heat, grade), kept by the consumer;
 * - read models and the deadline schedule: kept inline with the reporting events, rebuildable from them;
 * - work queues (notifications, idempotency keys): state of work in flight, never replayed.
 */
export function readModelMigrations(schema: string): Migration[] {
  return [
    {
      id: '3001-reporting-read-models',
      sql: `
-- Facts of other contexts, as the consumer learns them (in any order: items, incidents and grades travel apart).
create table ${schema}.incident_facts (
  incident_id text primary key,
  org_unit text,
  title text,
  first_captured_at timestamptz,
  first_published_at timestamptz,
  widest_reach text,
  heat_index double precision,
  heat_event_id text,
  grade jsonb,
  grade_event_id text,
  graded_at timestamptz
);
create table ${schema}.incident_items (
  item_id text primary key,
  incident_id text,
  org_unit text,
  captured_at timestamptz,
  published_at timestamptz,
  platform text,
  outlet text,
  title text,
  url text,
  captured_event_id text
);
create index incident_items_incident on ${schema}.incident_items (incident_id);

create table ${schema}.obligations (
  obligation_id text primary key,
  incident_id text not null,
  org_unit text not null,
  kind text not null,
  grade jsonb,
  reason text not null,
  recipient text not null,
  clock_basis text not null,
  clock_started_at timestamptz not null,
  due_at timestamptz not null,
  status text not null default 'open',
  overdue_at timestamptz,
  fulfilled_at timestamptz,
  on_time boolean,
  report_id text,
  cancelled_reason text,
  source_item_id text,
  rule_set_version text not null,
  opened_at timestamptz not null
);
create index obligations_incident on ${schema}.obligations (incident_id);
create index obligations_org_due on ${schema}.obligations (org_unit, due_at desc);
create index obligations_overdue on ${schema}.obligations (overdue_at desc) where overdue_at is not null;

create table ${schema}.reports (
  report_id text primary key,
  incident_id text not null,
  org_unit text not null,
  kind text not null,
  obligation_id text,
  method text,
  summary text,
  recipient_user_id text,
  sent_at timestamptz,
  holder text not null,
  awaiting_receipt_from text,
  recorded_at timestamptz not null
);
create index reports_incident on ${schema}.reports (incident_id);

create table ${schema}.report_hops (
  report_id text not null,
  hop integer not null,
  from_unit text not null,
  to_unit text not null,
  route text not null,
  note text,
  at timestamptz not null,
  acknowledged_at timestamptz,
  primary key (report_id, hop)
);

create table ${schema}.bulletins (
  bulletin_id text primary key,
  incident_id text not null,
  org_unit text not null,
  obligation_id text not null,
  issue_number text,
  title text not null,
  body text not null,
  recipient text not null,
  submitted_at timestamptz not null,
  sign_off_wait_until timestamptz not null,
  status text not null,
  instructions text,
  signed_off_at timestamptz,
  left_unsigned_at timestamptz
);
create index bulletins_org on ${schema}.bulletins (org_unit, submitted_at desc);

create table ${schema}.follow_up_tasks (
  task_id text primary key,
  incident_id text not null,
  org_unit text not null,
  bulletin_id text,
  description text not null,
  assignee text not null,
  supervisor text not null,
  due_at timestamptz,
  opened_at timestamptz not null
);
create index follow_up_tasks_org on ${schema}.follow_up_tasks (org_unit, opened_at desc);

create table ${schema}.handling_results (
  report_id text primary key,
  incident_id text not null,
  org_unit text not null,
  obligation_id text not null,
  result text not null,
  resolution text not null,
  public_reply_url text,
  reported_at timestamptz not null
);

-- The watcher's schedule: when to wake an incident. Claimed FOR UPDATE SKIP LOCKED; see docs/adr/0007.
create table ${schema}.deadlines (
  id bigserial primary key,
  incident_id text not null,
  org_unit text not null,
  kind text not null,
  subject_id text not null,
  lead_minutes integer not null default 0,
  fire_at timestamptz not null,
  fired_at timestamptz,
  fired_by text,
  outcome text,
  unique (subject_id, kind, lead_minutes)
);
create index deadlines_due on ${schema}.deadlines (fire_at) where fired_at is null;

-- Notifications waiting for their next attempt (an outbox: nothing is lost across restarts).
create table ${schema}.notifications (
  notification_id text primary key,
  org_unit text not null,
  purpose text not null,
  channel text not null,
  incident_id text,
  obligation_id text,
  pending jsonb,
  attempt integer not null default 1,
  next_attempt_at timestamptz not null,
  status text not null default 'pending',
  last_error text,
  created_at timestamptz not null
);
create index notifications_due on ${schema}.notifications (next_attempt_at) where status = 'pending';

-- A repeated Idempotency-Key gets the first answer again and appends nothing.
create table ${schema}.idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
`,
    },
    {
      // What the documents need beyond the lists: a bulletin's sections and who submitted and signed it, when an
      // obligation was withdrawn (the digest counts as of a period's end), and each unit's issue numbers (期号).
      id: '3002-reporting-documents',
      sql: `
alter table ${schema}.bulletins add column sections jsonb, add column submitted_by text, add column signed_off_by text;
alter table ${schema}.obligations add column cancelled_at timestamptz;

-- The last 期号 given per unit and (Beijing) year. Work state like the idempotency keys: the numbers themselves
-- are in the BulletinSubmitted events, so a rebuild needs no counter.
create table ${schema}.bulletin_issues (
  org_unit text not null,
  year integer not null,
  last integer not null,
  primary key (org_unit, year)
);
`,
    },
    {
      // A monitor's corrections of clustering (合并, 拆分, 改归): which incident a merged-away one went into (and the
      // merge event, the cause of what reporting does about it), when an incident was split off another (its
      // clock starts no earlier); and for obligations, the merge that carried one over or withdrew it.
      id: '3003-reporting-merges-and-splits',
      sql: `
alter table ${schema}.incident_facts add column merged_into text, add column merge_event_id text,
  add column split_from text, add column split_at timestamptz;
create index incident_facts_merged_into on ${schema}.incident_facts (merged_into) where merged_into is not null;
alter table ${schema}.obligations add column carried_over_from text, add column merge_event_id text,
  add column kept_obligation_id text;
`,
    },
    {
      // Idempotency-Keys are the command path's (command_idempotency, libs/service-kit); the first table goes.
      id: '3004-drop-legacy-idempotency',
      sql: `drop table if exists ${schema}.idempotency_keys;`,
    },
    {
      // Issue 14 (第十三条, 伪舆情, categories): grading's open proposal (a 一级 one owes the flash reports at once), its
      // judgement of genuineness and its categories, as received; obligations opened on a proposal are provisional
      // until a grade in force makes them firm, and one withdrawn names the event of grading that withdrew it.
      id: '3011-reporting-proposals-genuineness-categories',
      sql: `
alter table ${schema}.incident_facts add column proposed_grade jsonb, add column proposal_event_id text,
  add column proposed_at timestamptz, add column genuineness text, add column genuineness_event_id text,
  add column categories jsonb, add column categories_event_id text;
alter table ${schema}.obligations add column provisional boolean not null default false,
  add column cancelled_by text;
`,
    },
    {
      // Issue 14, the loops that close: transferred items and their answer back (转办回告), the follow-up tasks the
      // supervision office tracks (督办台账), handling declared complete and its summary (处置总结). `next_wake_at`
      // is when the loop watcher must next wake the transfer or task (null: nothing left for the clock).
      id: '3012-reporting-loops',
      sql: `
create table ${schema}.transfers (
  transfer_id text primary key,
  org_unit text not null,
  from_org_unit text not null,
  transfer_reference text not null,
  title text not null,
  instructions text,
  transferred_at timestamptz not null,
  due_at timestamptz not null,
  reminder_leads int[] not null,
  reminded_leads int[] not null default '{}',
  status text not null default 'open',
  overdue_at timestamptz,
  answered_at timestamptz,
  on_time boolean,
  answer text,
  resolution text,
  public_reply_url text,
  answered_by text,
  next_wake_at timestamptz,
  rule_set_version text not null,
  recorded_at timestamptz not null
);
create index transfers_next_wake on ${schema}.transfers (next_wake_at) where next_wake_at is not null;
create index transfers_from on ${schema}.transfers (from_org_unit, transferred_at desc);
create table ${schema}.tracked_tasks (
  task_id text primary key,
  incident_id text not null,
  org_unit text not null,
  bulletin_id text,
  description text not null,
  assignee text not null,
  supervisor text not null,
  due_at timestamptz,
  opened_at timestamptz not null,
  status text not null default 'open',
  overdue_at timestamptz,
  completed_at timestamptz,
  on_time boolean,
  result text,
  evidence jsonb,
  completed_by text,
  next_wake_at timestamptz
);
create index tracked_tasks_next_wake on ${schema}.tracked_tasks (next_wake_at) where next_wake_at is not null;
create table ${schema}.handling_completions (
  incident_id text primary key,
  org_unit text not null,
  completed_at timestamptz not null,
  note text,
  grade jsonb,
  declared_by text not null
);
create table ${schema}.handling_summaries (
  summary_id text primary key,
  obligation_id text not null,
  incident_id text not null,
  org_unit text not null,
  grade jsonb,
  what_happened text,
  how_handled text,
  lessons text,
  outlook text,
  recipient text not null,
  submitted_at timestamptz not null,
  submitted_by text not null
);
`,
    },
    // 值班 (篇一二(一)): rosters, handovers, duty alerts and the queue of alerts to raise.
    dutyMigration(schema),
    {
      // The notification relay's lease (notify/notification-relay.ts): who may send a row's attempt and record it.
      id: '3020-notification-lease',
      sql: `alter table ${schema}.notifications add column lease text;`,
    },
    {
      // Who signs and sends, as documents name them (people/people.handler.ts): each person's name, post and unit
      // from identity's events, one row per change, so a document names them as they were when they acted. And
      // who sent each flash report (the inline projection's, rebuildable).
      id: '3021-people',
      sql: `
create table ${schema}.people (
  user_id text not null,
  valid_from timestamptz not null,
  display_name text not null,
  post text,
  org_unit text,
  event_id text not null,
  primary key (user_id, event_id)
);
create index people_as_of on ${schema}.people (user_id, valid_from desc);
create table ${schema}.org_unit_names (
  org_unit text primary key,
  name text not null
);
alter table ${schema}.reports add column sent_by text;
`,
    },
    // The documents as kept versions (render-documents/document-issuer.ts), and which one each sign-off signed.
    documentVersionsMigration(schema, '3022-document-versions'),
    {
      id: '3023-signed-document-version',
      sql: `alter table ${schema}.bulletins add column signed_version_id text;`,
    },
    {
      // Two changes of one person in the same millisecond: their order in identity's stream decides.
      id: '3024-people-stream-position',
      sql: `alter table ${schema}.people add column stream_position bigint;`,
    },
  ];
}
