import type { Migration } from '@yuqing/event-store';

/**
 * The ingestion service's own read models, kept inline with its events (same transaction), so dedup and
 * clustering read exactly what has been decided. Other services learn from the events, never from these.
 */
export function readModelMigrations(schema: string): Migration[] {
  return [
    {
      id: '1001-ingestion-read-models',
      sql: `
create table ${schema}.sources (
  source_id text primary key,
  org_unit text not null,
  name text not null,
  url text not null,
  platform text not null,
  reach_tier text not null,
  feed_url text,
  poll_seconds integer,
  etag text,
  last_modified text,
  consecutive_failures integer not null default 0,
  next_poll_at timestamptz,
  registered_at timestamptz not null
);
create index sources_due on ${schema}.sources (next_poll_at) where feed_url is not null;

create table ${schema}.rules (
  rule_id text primary key,
  org_unit text not null,
  version integer not null,
  name text not null,
  expression text not null,
  platforms text[] not null,
  active boolean not null
);
create index rules_org_unit on ${schema}.rules (org_unit) where active;

create table ${schema}.watch_windows (
  window_id text primary key,
  org_unit text not null,
  name text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  poll_interval_factor double precision not null
);

create table ${schema}.items (
  item_id text primary key,
  org_unit text not null,
  url text not null,
  canonical_url text not null,
  content_hash text not null,
  title text not null,
  platform text not null,
  reach_tier text not null,
  outlet text not null,
  source_id text,
  published_at timestamptz,
  captured_at timestamptz not null,
  capture_method text not null,
  engagement jsonb not null default '{}',
  sentiment jsonb,
  fingerprint text not null,
  -- Segmented words: what clustering compares a new item with.
  words text[] not null,
  matched_terms text[] not null default '{}',
  incident_id text,
  status text not null default 'captured',
  duplicates integer not null default 0,
  respond_by timestamptz
);
create unique index items_canonical_url on ${schema}.items (org_unit, canonical_url);
create index items_content_hash on ${schema}.items (org_unit, content_hash);
create index items_incident on ${schema}.items (incident_id);
create index items_org_unit_time on ${schema}.items (org_unit, captured_at desc);

create table ${schema}.incidents (
  incident_id text primary key,
  org_unit text not null,
  title text not null,
  detected_at timestamptz not null,
  last_activity_at timestamptz not null,
  item_count integer not null default 0,
  heat_index double precision not null default 0,
  widest_reach text,
  engagement jsonb not null default '{}'
);
create index incidents_open on ${schema}.incidents (org_unit, last_activity_at desc);

-- A repeated Idempotency-Key gets the first answer again and appends nothing.
create table ${schema}.idempotency_keys (
  org_unit text not null,
  key text not null,
  request_hash text not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (org_unit, key)
);
`,
    },
    {
      // Set-based projection and clustering reads: words as one space-separated text (a word never holds a
      // space), and an index that serves "the most recent items of an incident" without sorting them all.
      id: '1002-ingestion-batch-reads',
      sql: `
alter table ${schema}.items alter column words type text using array_to_string(words, ' ');
drop index ${schema}.items_incident;
create index items_incident_recent on ${schema}.items (incident_id, captured_at desc);
`,
    },
    {
      // The heat of an incident kept incrementally (see HeatState): measuring it never rereads its items.
      id: '1003-incident-heat-state',
      sql: `alter table ${schema}.incidents add column heat_state jsonb;`,
    },
    {
      // Watch windows can be cancelled, and are listed newest first within the caller's scope.
      id: '1004-watch-window-cancellation',
      sql: `
alter table ${schema}.watch_windows add column scheduled_at timestamptz;
alter table ${schema}.watch_windows add column cancelled_at timestamptz;
alter table ${schema}.watch_windows add column cancel_reason text;
create index watch_windows_org_unit on ${schema}.watch_windows (org_unit, ends_at) where cancelled_at is null;
create index watch_windows_recent on ${schema}.watch_windows (starts_at desc, window_id desc);
`,
    },
    {
      // heat@2 counts the captures of the last two hours by minute (at most 120 pairs) where heat@1 kept every
      // capture time, which grew with the incident and was read and rewritten with every batch.
      id: '1005-heat-state-by-minute',
      sql: `
update ${schema}.incidents
   set heat_state = (heat_state - 'recent') || jsonb_build_object('perMinute', coalesce(
         (select jsonb_agg(jsonb_build_array(minute, n) order by minute)
            from (select floor((t #>> '{}')::numeric / 60000)::bigint as minute, count(*)::int as n
                    from jsonb_array_elements(heat_state->'recent') t group by 1) m),
         '[]'::jsonb))
 where heat_state ? 'recent';
`,
    },
    {
      // Monitors correct clustering (改归 / 合并 / 拆分): an incident merged into another is closed (merged_into
      // set; clustering takes open incidents only), and one split off names its origin. Each item says how it came
      // to its incident (relation, similarity, what matched, or the monitor's reason), filled here from the events
      // already stored.
      id: '1006-incident-corrections',
      sql: `
alter table ${schema}.incidents add column merged_into text;
alter table ${schema}.incidents add column merged_at timestamptz;
alter table ${schema}.incidents add column split_from text;
alter table ${schema}.items add column attachment jsonb;

update ${schema}.items it
   set attachment = a.attachment
  from (select data->>'itemId' as item_id, data - 'itemId' - 'incidentId' as attachment
          from ${schema}.events where event_type = 'ingestion.ItemAttachedToIncident'
        union all
        select jsonb_array_elements_text(data->'itemIds'), '{"relation":"new-incident"}'::jsonb
          from ${schema}.events where event_type = 'ingestion.IncidentDetected') a
 where it.item_id = a.item_id;
`,
    },
    {
      // Retries are answered by the command pipeline's keys (command_idempotency, ADR 0010); nothing reads the
      // old table any more. Retries that straddle the deploy lose their first answers.
      id: '1007-drop-legacy-idempotency',
      sql: `drop table if exists ${schema}.idempotency_keys;`,
    },
    {
      // The console shows an item's text beside its title; items captured before keep theirs from the events.
      id: '1008-item-text',
      sql: `
alter table ${schema}.items add column text text;
update ${schema}.items it set text = e.data->>'text'
  from ${schema}.events e
 where e.event_type = 'ingestion.ItemCaptured' and e.data->>'itemId' = it.item_id;
`,
    },
  ];
}
