import type { Migration } from '@yuqing/event-store';

/**
 * The grading service's tables besides its event store: where facts are routed to incidents (the consumer's
 * working state), the read models kept inline with the grading streams (rebuildable from them), the rule sets
 * it has graded by, and idempotency keys.
 */
export function gradingMigrations(schema: string): Migration[] {
  return [
    {
      id: '2001-grading-routing',
      sql: `
-- The incident each item belongs to, and each incident's org unit, as clustering told grading.
create table ${schema}.item_routes (item_id text primary key, incident_id text not null);
create table ${schema}.incident_routes (incident_id text primary key, org_unit text not null);
-- Facts of an item (capture, dismissal), kept so they are recorded with the item's incident once it is known.
create table ${schema}.item_facts (
  seq bigserial,
  event_id text primary key,
  item_id text not null,
  fact jsonb not null
);
create index item_facts_item on ${schema}.item_facts (item_id, seq);
`,
    },
    {
      id: '2002-grading-read-models',
      sql: `
create table ${schema}.incidents (
  incident_id text primary key,
  org_unit text not null,
  title text,
  detected_at timestamptz,
  heat_index double precision,
  widest_reach text,
  item_count integer,
  grade jsonb,
  grade_by text,
  grade_event_id text,
  grade_at timestamptz,
  open_proposal jsonb,
  categories text[] not null default '{}',
  genuineness jsonb,
  version integer not null,
  last_activity_at timestamptz not null
);
create index incidents_org_unit_recent on ${schema}.incidents (org_unit, last_activity_at desc);
create index incidents_recent on ${schema}.incidents (last_activity_at desc, incident_id desc);
create index incidents_detected on ${schema}.incidents (detected_at);

create table ${schema}.items (
  item_id text primary key,
  incident_id text not null,
  title text,
  outlet text not null,
  reach_tier text not null,
  platform text,
  url text,
  dismissed boolean not null default false
);
create index items_incident on ${schema}.items (incident_id);

-- Facts received, by their original event id: what evidence and causation cite.
create table ${schema}.facts (
  event_id text primary key,
  incident_id text not null,
  type text not null,
  data jsonb not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null
);
create index facts_incident on ${schema}.facts (incident_id);

-- Every decision on an incident (proposal, confirmation, escalation, assessment…), in stream order.
create table ${schema}.decisions (
  event_id text primary key,
  incident_id text not null,
  position integer not null,
  type text not null,
  data jsonb not null,
  actor jsonb not null,
  causation_id text,
  rule_version text,
  recorded_at timestamptz not null
);
create index decisions_incident on ${schema}.decisions (incident_id, position);
`,
    },
    {
      id: '2003-grading-rule-sets-and-keys',
      sql: `
-- Every rule set version the service has graded by, with its content: a version's rules never change.
create table ${schema}.rule_sets (
  version text primary key,
  content jsonb not null,
  digest text not null,
  first_loaded_at timestamptz not null default now()
);

-- A repeated Idempotency-Key gets the first answer again and appends nothing.
create table ${schema}.idempotency_keys (
  org_unit text not null,
  key text not null,
  request_hash text not null,
  status integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (org_unit, key)
);
`,
    },
    {
      // Corrections of clustering (改归, 合并, 拆分): an item's capture is recorded again in the stream of the incident
      // it joins, so a fact belongs to each incident that received it; an incident may be closed by a merge or
      // split off another.
      id: '2004-grading-clustering-corrections',
      sql: `
alter table ${schema}.facts drop constraint facts_pkey;
alter table ${schema}.facts add primary key (incident_id, event_id);
create index facts_event on ${schema}.facts (event_id);
alter table ${schema}.incidents add column merged_into text, add column split_from text;
`,
    },
    {
      // Idempotency-Keys are the command path's (command_idempotency, libs/service-kit); the first table goes.
      id: '2005-drop-legacy-idempotency',
      sql: `drop table if exists ${schema}.idempotency_keys;`,
    },
  ];
}
