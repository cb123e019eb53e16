import type { Migration } from '@yuqing/event-store';
import { archiveParts } from './read-models';

/**
 * The archive service's tables besides its event store, then each part's (ids 5100+), in one order. Ids sort in
 * the order they apply and never change once shipped.
 */
export function archiveMigrations(schema: string): Migration[] {
  return [
    {
      id: '5001-archive-case-files',
      sql: `
create table ${schema}.cases (
  case_id text primary key,
  org_unit text not null,
  title text,
  status text not null check (status in ('open', 'closed')),
  level text,
  exceptional boolean not null default false,
  category text,
  tags text[] not null default '{}',
  summary jsonb,
  summary_source text,
  opened_at timestamptz not null,
  closed_at timestamptz,
  entries integer not null default 0,
  last_entry_at timestamptz,
  version integer not null
);
create index cases_by_unit on ${schema}.cases (org_unit text_pattern_ops, opened_at desc);
create index cases_by_activity on ${schema}.cases (opened_at desc, case_id desc);

create table ${schema}.case_entries (
  case_id text not null,
  position integer not null,
  entry_kind text not null,
  summary text not null,
  occurred_at timestamptz not null,
  source_context text not null,
  source_event_id text not null,
  source_event_type text not null,
  source_stream_id text not null,
  source_stream_position integer not null,
  source_hash text,
  facts jsonb not null,
  primary key (case_id, position)
);
create index case_entries_by_time on ${schema}.case_entries (case_id, occurred_at, position);

-- 第三十条: who read or exported which case file, when (the CaseFileAccessed events, as a table).
create table ${schema}.case_reads (
  case_id text not null,
  position integer not null,
  purpose text not null,
  reader_kind text not null,
  reader_id text not null,
  read_at timestamptz not null,
  primary key (case_id, position)
);

-- Work state of the inbox handler, not a projection: captured items until they are attached, and which incident
-- each item is in, so an item's entry is filed once both are known (they arrive on different partitions).
create table ${schema}.captured_items (
  item_id text primary key,
  title text not null,
  outlet text not null,
  platform text not null,
  reach_tier text not null,
  url text not null,
  published_at timestamptz,
  captured_at timestamptz not null
);
create table ${schema}.item_incidents (
  item_id text not null,
  incident_id text not null,
  attach_event jsonb not null,
  primary key (item_id, incident_id)
);
`,
    },
    ...archiveParts.flatMap((part) => part.migrations(schema)),
  ];
}
