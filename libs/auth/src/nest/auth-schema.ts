import type { Migration } from '@yuqing/service-kit';

/** The tables of libs/auth in a service: its inbox for identity events, revoked grants, and refused requests. */
export function authMigrations(): Migration[] {
  return [
    {
      id: 'auth-0001-revocations-and-denials',
      sql: `
create table if not exists inbox (
  consumer text not null,
  event_id uuid not null,
  handled_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
-- Grants revoked in the identity context; the guard refuses a token's grant listed here.
create table revoked_grants (
  grant_id text primary key,
  revoked_at timestamptz not null,
  event_id uuid not null
);
-- Every refused (403) request: append-only, for the internet office and auditors.
create table access_denials (
  id bigserial primary key,
  at timestamptz not null default now(),
  subject text not null,
  subject_kind text not null,
  token_id text,
  permission text not null,
  org_unit text,
  reason text not null,
  detail text not null,
  method text not null,
  path text not null
);
create index access_denials_org_unit on access_denials (org_unit text_pattern_ops);
create rule access_denials_no_update as on update to access_denials do instead nothing;
create rule access_denials_no_delete as on delete to access_denials do instead nothing;
`,
    },
  ];
}
