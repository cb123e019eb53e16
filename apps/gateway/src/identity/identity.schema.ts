import type { Migration } from '@yuqing/service-kit';

/**
 * Read models of the identity context (kept by inline projections, in the append's transaction) and stores that
 * are deliberately not events: `credentials` (argon2id hashes; an event must never carry one, since events
 * are published), `signing_keys` (the built-in issuer's RSA keys), and `login_throttle` / `login_attempts` (failed
 * sign-ins: counters shared by every replica, and an append-only audit of refused attempts). A credential is written in the transaction
 * of the command whose event names it (see credentials.ts), so neither exists without the other.
 */
export function identityMigrations(): Migration[] {
  return [
    {
      id: 'identity-0001-read-models',
      sql: `
create table org_units (
  path text primary key,
  parent text references org_units (path),
  kind text not null,
  name text not null,
  created_at timestamptz not null
);
create table users (
  user_id text primary key,
  username text not null unique,
  display_name text not null,
  org_unit text not null,
  credential_id text,
  registered_at timestamptz not null
);
create index users_org_unit on users (org_unit text_pattern_ops);
create table grants (
  grant_id text primary key,
  subject_id text not null,
  subject_kind text not null,
  role text not null,
  org_unit text not null,
  granted_at timestamptz not null,
  revoked_at timestamptz
);
create index grants_subject on grants (subject_id);
create table clients (
  client_id text primary key,
  name text not null,
  org_unit text not null,
  grant_id text not null,
  scopes text[] not null,
  credential_id text not null,
  registered_at timestamptz not null
);
create table credentials (
  credential_id text primary key,
  subject_id text not null,
  hash text not null,
  created_at timestamptz not null default now()
);
create table signing_keys (
  kid text primary key,
  private_jwk jsonb not null,
  public_jwk jsonb not null,
  created_at timestamptz not null default now()
);
`,
    },
    {
      // Failed sign-ins are counted and audited here, not as events (ADR 0004; login/login-throttle.ts).
      id: 'identity-0002-login-throttle',
      sql: `
create table login_throttle (
  key text primary key,
  kind text not null,
  failures integer not null,
  last_failure_at timestamptz not null,
  not_before timestamptz not null
);
create table login_attempts (
  attempt_id bigint generated always as identity primary key,
  at timestamptz not null,
  kind text not null,
  subject_id text,
  address text not null,
  outcome text not null
);
create index login_attempts_at on login_attempts (at);
create index login_attempts_subject on login_attempts (subject_id, at);
`,
    },
    {
      // The console's sessions (session/session.store.ts): the cookie holds a random id, stored here only hashed.
      id: 'identity-0003-sessions',
      sql: `
create table sessions (
  id_hash text primary key,
  user_id text not null,
  credential_id text not null,
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index sessions_user on sessions (user_id) where ended_at is null;
`,
    },
    {
      // Signing keys encrypted at rest and rotated (keys/key-store.ts): the clear private_jwk is emptied at the
      // next start, once the key-encryption key is at hand; a key is active (signs), retiring or retired.
      id: 'identity-0004-signing-key-rotation',
      sql: `
alter table signing_keys alter column private_jwk drop not null;
alter table signing_keys add column private_key_encrypted jsonb;
alter table signing_keys add column state text not null default 'active'
  check (state in ('active', 'retiring', 'retired'));
alter table signing_keys add column activated_at timestamptz;
alter table signing_keys add column retiring_at timestamptz;
alter table signing_keys add column retire_at timestamptz;
update signing_keys set activated_at = created_at;
alter table signing_keys alter column activated_at set not null;
alter table signing_keys alter column activated_at set default now();
-- Before rotation only the newest key signed: any older one is retired.
update signing_keys set state = 'retired', retiring_at = now(), retire_at = now(), private_jwk = null
 where kid <> (select kid from signing_keys order by created_at desc limit 1);
create unique index signing_keys_one_active on signing_keys ((true)) where state = 'active';
`,
    },
    {
      // The post (职务) documents name beside a signer's name (UserRegistered, UserProfileChanged).
      id: 'identity-0005-user-posts',
      sql: `alter table users add column post text;`,
    },
  ];
}
