import type { Migration } from '@yuqing/event-store';

/** The review service's tables besides its event store. Ids sort in the order they apply and never change once shipped. */
export function reviewMigrations(schema: string): Migration[] {
  return [
    {
      // The received facts detectors read (record-facts/), scope by scope in the order recorded; an item's
      // incidents; the org tree as identity announced it.
      id: '6001-review-facts',
      sql: `
create table ${schema}.facts (
  seq bigserial primary key,
  scope text not null,
  batch text not null,
  event_id text not null,
  type text not null,
  stream_id text not null,
  stream_position integer not null,
  time timestamptz not null,
  org_unit text not null,
  actor_id text,
  data jsonb not null,
  unique (scope, event_id)
);
create index facts_by_scope on ${schema}.facts (scope, seq);
create index facts_by_time on ${schema}.facts (time);
create index facts_captured_by_url on ${schema}.facts ((data->>'canonicalUrl')) where type = 'ingestion.ItemCaptured';
create table ${schema}.item_incidents (
  item_id text not null,
  incident_id text not null,
  primary key (item_id, incident_id)
);
create table ${schema}.org_units (
  org_unit text primary key,
  parent text,
  kind text not null,
  name text not null
);
`,
    },
    {
      id: '6002-review-read-models',
      sql: `
create table ${schema}.findings (
  finding_id text primary key,
  kind text not null,
  subject text not null,
  incident_id text,
  org_unit text not null,
  person_id text,
  severity text not null,
  period text not null,
  occurred_at timestamptz not null,
  summary text not null,
  evidence jsonb not null,
  detector text not null,
  status text not null check (status in ('pending', 'confirmed', 'dismissed', 'appealed')),
  explanation text,
  ruling_reason text,
  ruled_at timestamptz,
  appeal_by timestamptz,
  appeal_grounds text,
  appeal_outcome text,
  recorded_at timestamptz not null,
  version integer not null
);
create index findings_by_activity on ${schema}.findings (recorded_at desc, finding_id desc);
create index findings_by_period on ${schema}.findings (period, org_unit);
create table ${schema}.ratings (
  org_unit text not null,
  period text not null,
  rating_id text not null,
  scheme_version text not null,
  score numeric not null,
  rating text not null,
  excellent_barred boolean not null,
  lines jsonb not null,
  barred_person_ids jsonb not null,
  computed_at timestamptz not null,
  version integer not null,
  primary key (org_unit, period)
);
create table ${schema}.notices (
  notice_id text primary key,
  org_unit text not null,
  period text not null,
  document_number text not null,
  title text not null,
  finding_ids jsonb not null,
  issued_at timestamptz not null
);
`,
    },
    {
      // A capture above finds the transfers of its address recorded before it, and the scopes they are in.
      id: '6003-review-transfers-by-url',
      sql: `
create index facts_transferred_by_url on ${schema}.facts ((data->>'url')) where type = 'ingestion.ItemTransferredIn';
create index facts_by_event on ${schema}.facts (event_id);
`,
    },
  ];
}
