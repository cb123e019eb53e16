import type { Migration } from '@yuqing/event-store';

/** The guidance service's tables besides its event store. Ids sort in the order they apply and never change once shipped. */
export function guidanceMigrations(schema: string): Migration[] {
  return [
    {
      // The incidents' responses (guidance.responses): plan and approver required, wording versions, releases, gaps.
      id: '4001-guidance-read-models',
      sql: `
create table ${schema}.responses (
  incident_id text primary key,
  org_unit text not null,
  level text,
  grade_event_id text,
  plan_opened_at timestamptz,
  opened_by text,
  drafter jsonb,
  channels jsonb not null default '[]',
  first_response_due_at timestamptz,
  release_approver text,
  release_approver_org_unit_id text,
  special_team jsonb,
  required_approvers jsonb not null default '[]',
  updated_at timestamptz not null,
  version integer not null
);
create index responses_by_activity on ${schema}.responses (updated_at desc, incident_id desc);
create table ${schema}.wordings (
  wording_id text not null,
  version integer not null,
  incident_id text not null,
  org_unit text not null,
  facts jsonb not null,
  figures jsonb not null,
  text text not null,
  outlet jsonb not null,
  states_cause boolean not null,
  characterises boolean not null,
  status text not null check (status in ('draft', 'approved', 'refused')),
  decided_as text,
  refusal_reason text,
  drafted_at timestamptz not null,
  decided_at timestamptz,
  primary key (wording_id, version)
);
create index wordings_by_incident on ${schema}.wordings (incident_id, wording_id, version);
create table ${schema}.releases (
  release_id text primary key,
  incident_id text not null,
  org_unit text not null,
  kind text not null,
  channel text not null,
  status text not null check (status in ('prepared', 'approved', 'refused', 'published')),
  wording_id text not null,
  wording_version integer not null,
  text text not null,
  figures jsonb not null,
  why_not_yet_resolved text,
  required_approvers jsonb not null,
  decided_as text,
  refusal_reason text,
  url text,
  published_at timestamptz,
  -- Attempts to publish it refused (unapproved, superseded wording): the review's evidence (第二十八条).
  publication_refusals integer not null default 0,
  prepared_at timestamptz not null,
  updated_at timestamptz not null
);
create index releases_by_time on ${schema}.releases (prepared_at desc, release_id desc);
create index releases_by_incident on ${schema}.releases (incident_id);
create table ${schema}.response_gaps (
  event_id text primary key,
  incident_id text not null,
  org_unit text not null,
  gap text not null,
  detail text not null,
  level text,
  release_approver text,
  cause_event_id text not null,
  found_at timestamptz not null
);
create index response_gaps_by_time on ${schema}.response_gaps (found_at desc, event_id desc);
`,
    },
    {
      // The first public response of each incident (guidance.responses): its reminder, the overdue, the release.
      id: '4002-guidance-first-response',
      sql: `
alter table ${schema}.responses
  add column first_response_remind_at timestamptz,
  add column first_response_reminded_at timestamptz,
  add column first_response_overdue_at timestamptz,
  add column first_response_at timestamptz,
  add column first_response_release_id text;
`,
    },
    {
      // Official accounts, what was detected as published from them unapproved, and the releases they are matched
      // with (guidance.official-accounts, guidance.published-releases).
      id: '4201-guidance-official-accounts',
      sql: `
create table ${schema}.official_accounts (
  account_id text primary key,
  org_unit text not null,
  kind text not null,
  platform text not null,
  name text not null,
  url_prefixes jsonb not null,
  author_names jsonb not null,
  hosts text[] not null,
  status text not null check (status in ('active', 'retired')),
  registered_at timestamptz not null,
  retired_at timestamptz,
  retire_reason text,
  version integer not null
);
create index official_accounts_by_registration on ${schema}.official_accounts (registered_at desc, account_id desc);
create index official_accounts_by_host on ${schema}.official_accounts using gin (hosts) where status = 'active';
create index official_accounts_by_platform on ${schema}.official_accounts (platform) where status = 'active';
create table ${schema}.unapproved_releases (
  account_id text not null,
  item_id text not null,
  event_id uuid not null,
  org_unit text not null,
  account_name text not null,
  url text not null,
  title text not null,
  captured_at timestamptz not null,
  published_at timestamptz,
  nearest_release_id text,
  nearest_incident_id text,
  nearest_url text,
  similarity double precision,
  similarity_threshold double precision not null,
  rule_set_version text not null,
  detected_at timestamptz not null,
  primary key (account_id, item_id)
);
create index unapproved_releases_by_detection on ${schema}.unapproved_releases (detected_at desc, event_id desc);
create table ${schema}.published_releases (
  release_id text primary key,
  incident_id text not null,
  org_unit text not null,
  kind text not null,
  channel text not null,
  url text not null,
  canonical_url text,
  published_at timestamptz not null,
  text text not null,
  wording_id text not null,
  wording_version integer not null
);
create index published_releases_by_unit on ${schema}.published_releases (org_unit text_pattern_ops, published_at);
create index published_releases_by_address on ${schema}.published_releases (canonical_url);
`,
    },
    // Written requests, online guidance and its tasks (read models), and the deadline watcher's schedule.
    {
      id: '4101-guidance-requests',
      sql: `
create table ${schema}.written_requests (
  request_id text primary key,
  org_unit text not null,
  shared_with text[] not null,
  kind text not null,
  incident_id text,
  approver_unit text not null,
  approver_roles text[] not null,
  article text not null,
  subject text not null,
  body text not null,
  document text not null,
  status text not null check (status in ('pending', 'approved', 'refused', 'closed')),
  filed_by text not null,
  filed_at timestamptz not null,
  due_at timestamptz not null,
  remind_at timestamptz,
  reminded_at timestamptz,
  overdue_at timestamptz,
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  answered_late boolean,
  outcome text,
  outcome_at timestamptz,
  closed_at timestamptz,
  rule_set_version text not null,
  version integer not null
);
create index written_requests_by_filing on ${schema}.written_requests (filed_at desc, request_id desc);
create table ${schema}.online_guidance (
  proposal_id text primary key,
  org_unit text not null,
  shared_with text[] not null,
  incident_id text,
  incident_level text,
  approver_unit text not null,
  wording text not null,
  platforms text[] not null,
  status text not null check (status in ('proposed', 'approved', 'refused')),
  proposed_by text not null,
  proposed_at timestamptz not null,
  deployment text,
  instructions text,
  decided_by text,
  decided_at timestamptz,
  refusal_reason text,
  rule_set_version text,
  version integer not null
);
create index online_guidance_by_proposal on ${schema}.online_guidance (proposed_at desc, proposal_id desc);
create table ${schema}.guidance_tasks (
  task_id text primary key,
  proposal_id text not null,
  org_unit text not null,
  commentator_id text not null,
  commentator_unit text not null,
  status text not null check (status in ('assigned', 'acknowledged', 'reported')),
  assigned_at timestamptz not null,
  due_at timestamptz not null,
  acknowledged_at timestamptz,
  reported_at timestamptz,
  reported_late boolean,
  overdue_at timestamptz,
  posts jsonb,
  summary text
);
create index guidance_tasks_by_proposal on ${schema}.guidance_tasks (proposal_id, assigned_at, task_id);
create index guidance_tasks_by_commentator on ${schema}.guidance_tasks (commentator_id, due_at, task_id);
create table ${schema}.due_work (
  id bigserial primary key,
  subject_kind text not null,
  subject_id text not null,
  stream_id text not null,
  org_unit text not null,
  kind text not null check (kind in ('reminder', 'due')),
  fire_at timestamptz not null,
  fired_at timestamptz,
  fired_by text,
  outcome text check (outcome in ('fired', 'moot', 'cleared', 'failed'))
);
create index due_work_pending on ${schema}.due_work (fire_at) where fired_at is null;
create index due_work_by_subject on ${schema}.due_work (subject_kind, subject_id) where fired_at is null;
`,
    },
  ];
}
