import type { Migration } from './migrations';

/** A safe SQL identifier for a service's schema: lower-case letters, digits, underscores. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  return schema;
}

/**
 * The event store's tables in one service's schema. The events table is also the outbox: the relay reads it
 * in commit order (transaction_id, global_position) below the oldest running transaction.
 *
 * The hash chain: hash = sha256(prev_hash || canonical), where canonical is each field prefixed by its UTF-8
 * byte length and a colon, in this order: event_id, stream_id, stream_position, event_type, schema_version,
 * data::text, metadata::text, recorded_at in Unix microseconds. The first event's prev_hash is 32 zero bytes.
 * docs/event-store.md gives the same rule for auditors; verify() recomputes it outside the database.
 */
export function eventStoreMigrations(schemaName: string): Migration[] {
  const s = assertSchemaName(schemaName);
  return [
    {
      // As first shipped; a migration never changes once it has shipped.
      id: '0001-event-store',
      sql: `
create table ${s}.events (
  global_position bigint generated always as identity,
  transaction_id xid8 not null default pg_current_xact_id(),
  stream_id text not null,
  stream_position bigint not null check (stream_position > 0),
  event_id uuid not null unique,
  event_type text not null,
  schema_version integer not null default 1,
  data jsonb not null,
  metadata jsonb not null,
  recorded_at timestamptz not null default now(),
  prev_hash bytea not null,
  hash bytea not null,
  primary key (stream_id, stream_position)
);
create index events_commit_order on ${s}.events (transaction_id, global_position);
create index events_global_position on ${s}.events (global_position);

create function ${s}.event_canonical(
  p_event_id uuid, p_stream_id text, p_position bigint, p_type text, p_version integer,
  p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
) returns bytea language sql immutable as $fn$
  select convert_to(string_agg(octet_length(convert_to(f, 'UTF8'))::text || ':' || f, '' order by n), 'UTF8')
  from unnest(array[
    p_event_id::text, p_stream_id, p_position::text, p_type, p_version::text, p_data::text, p_metadata::text,
    (extract(epoch from p_recorded_at) * 1000000)::bigint::text
  ]) with ordinality as t(f, n)
$fn$;

-- One round trip per append: checks the expected version, chains the hashes, inserts. A concurrent writer at
-- the same version loses on the primary key (unique_violation), which the client reports as a conflict.
create function ${s}.append_to_stream(
  p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_versions integer[],
  p_data jsonb[], p_metadata jsonb[]
) returns table (global_position bigint, stream_position bigint, transaction_id xid8, recorded_at timestamptz)
language plpgsql as $fn$
#variable_conflict use_column
declare
  v_last bigint;
  v_prev bytea;
  v_now timestamptz := now();
  v_hash bytea;
  i integer;
begin
  -- Writers that do not check the version queue per stream instead of racing for the same position.
  if p_expected = -2 then
    perform pg_advisory_xact_lock(hashtext(p_stream_id));
  end if;
  select e.stream_position, e.hash into v_last, v_prev
    from ${s}.events e where e.stream_id = p_stream_id order by e.stream_position desc limit 1;
  v_last := coalesce(v_last, 0);
  v_prev := coalesce(v_prev, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  -- p_expected: -2 any, -1 no stream, n >= 0 exactly n events so far
  if (p_expected = -1 and v_last <> 0) or (p_expected >= 0 and v_last <> p_expected) then
    raise exception using errcode = 'YQ409', message = 'wrong expected version', detail = v_last::text;
  end if;
  for i in 1 .. coalesce(array_length(p_event_ids, 1), 0) loop
    v_hash := sha256(v_prev || ${s}.event_canonical(p_event_ids[i], p_stream_id, v_last + i, p_types[i], p_versions[i],
      p_data[i], p_metadata[i], v_now));
    return query insert into ${s}.events as e
      (stream_id, stream_position, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash)
      values (p_stream_id, v_last + i, p_event_ids[i], p_types[i], p_versions[i], p_data[i], p_metadata[i], v_now, v_prev, v_hash)
      returning e.global_position, e.stream_position, e.transaction_id, e.recorded_at;
    v_prev := v_hash;
  end loop;
end
$fn$;

-- Where each reader of the global log (relay, async projection) has got to, in commit order.
create table ${s}.checkpoints (
  name text primary key,
  transaction_id xid8 not null default '0',
  global_position bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- Which version of an async projection the queries read; a rebuild runs beside the live one, then switches.
create table ${s}.projection_versions (
  name text primary key,
  active_version integer not null,
  switched_at timestamptz not null default now()
);

-- Consumers record each handled event id here in the same transaction as its effect: a redelivery is a no-op.
create table ${s}.inbox (
  consumer text not null,
  event_id uuid not null,
  handled_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
`,
    },
    {
      // Appends to many streams in one call with one multi-row insert; readers use the commit-order index only.
      // The canonical form is unchanged, so events written before verify as before.
      id: '0002-append-to-streams',
      sql: `
drop index if exists ${s}.events_global_position;
drop function if exists ${s}.append_to_stream(text, bigint, uuid[], text[], integer[], jsonb[], jsonb[]);
drop function if exists ${s}.event_canonical(uuid, text, bigint, text, integer, jsonb, jsonb, timestamptz);

-- One round trip per append, to one stream or to many at once: checks each stream's expected version, chains
-- the hashes, inserts every row with one INSERT … SELECT. A concurrent writer at the same version loses on the
-- primary key (unique_violation), which the client reports as a conflict. Streams in one call are distinct.
-- The canonical form is built inline (each field: its UTF-8 byte length, ':', the field); the database is UTF-8,
-- so octet_length gives UTF-8 bytes.
create or replace function ${s}.append_to_streams(
  p_stream_ids text[], p_expected bigint[], p_counts integer[],
  p_event_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[]
) returns table (stream_id text, global_position bigint, stream_position bigint, transaction_id xid8, recorded_at timestamptz)
language plpgsql as $fn$
#variable_conflict use_column
declare
  v_now timestamptz := now();
  v_now_text text := ((extract(epoch from now()) * 1000000)::bigint)::text;
  v_streams text[] := '{}';
  v_positions bigint[] := '{}';
  v_prevs bytea[] := '{}';
  v_hashes bytea[] := '{}';
  v_last bigint;
  v_prev bytea;
  v_stream text;
  v_pos text;
  v_ver text;
  v_data text;
  v_meta text;
  v_offset integer := 0;
  j integer := 0;
  i integer;
  k integer;
begin
  for k in 1 .. coalesce(array_length(p_stream_ids, 1), 0) loop
    v_stream := p_stream_ids[k];
    -- Writers that do not check the version queue per stream instead of racing for the same position.
    if p_expected[k] = -2 then
      perform pg_advisory_xact_lock(hashtext(v_stream));
    end if;
    v_last := null;
    v_prev := null;
    select e.stream_position, e.hash into v_last, v_prev
      from ${s}.events e where e.stream_id = v_stream order by e.stream_position desc limit 1;
    v_last := coalesce(v_last, 0);
    v_prev := coalesce(v_prev, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    -- expected: -2 any, -1 no stream, n >= 0 exactly n events so far
    if (p_expected[k] = -1 and v_last <> 0) or (p_expected[k] >= 0 and v_last <> p_expected[k]) then
      raise exception using errcode = 'YQ409', message = 'wrong expected version', detail = v_last::text, hint = v_stream;
    end if;
    for i in 1 .. p_counts[k] loop
      v_pos := (v_last + i)::text;
      v_ver := p_versions[v_offset + i]::text;
      v_data := p_data[v_offset + i]::text;
      v_meta := p_metadata[v_offset + i]::text;
      j := j + 1;
      v_streams[j] := v_stream;
      v_positions[j] := v_last + i;
      v_prevs[j] := v_prev;
      v_prev := sha256(v_prev || convert_to(
        '36:' || p_event_ids[v_offset + i]::text ||
        octet_length(v_stream) || ':' || v_stream ||
        octet_length(v_pos) || ':' || v_pos ||
        octet_length(p_types[v_offset + i]) || ':' || p_types[v_offset + i] ||
        octet_length(v_ver) || ':' || v_ver ||
        octet_length(v_data) || ':' || v_data ||
        octet_length(v_meta) || ':' || v_meta ||
        octet_length(v_now_text) || ':' || v_now_text, 'UTF8'));
      v_hashes[j] := v_prev;
    end loop;
    v_offset := v_offset + p_counts[k];
  end loop;
  return query insert into ${s}.events as e
      (stream_id, stream_position, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash)
    select t.stream_id, t.position, t.event_id, t.event_type, t.version, t.data, t.metadata, v_now, t.prev_hash, t.hash
      from unnest(v_streams, v_positions, p_event_ids, p_types, p_versions, p_data, p_metadata, v_prevs, v_hashes)
           with ordinality as t(stream_id, position, event_id, event_type, version, data, metadata, prev_hash, hash, n)
     order by t.n
    returning e.stream_id, e.global_position, e.stream_position, e.transaction_id, e.recorded_at;
end
$fn$;

-- The single-stream form, for tools and tests that call the database directly.
create or replace function ${s}.append_to_stream(
  p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_versions integer[],
  p_data jsonb[], p_metadata jsonb[]
) returns table (global_position bigint, stream_position bigint, transaction_id xid8, recorded_at timestamptz)
language sql as $fn$
  select r.global_position, r.stream_position, r.transaction_id, r.recorded_at
    from ${s}.append_to_streams(array[p_stream_id], array[p_expected], array[coalesce(array_length(p_event_ids, 1), 0)],
                                p_event_ids, p_types, p_versions, p_data, p_metadata) r
$fn$;
`,
    },
    {
      // The log is append-only for every role: UPDATE, DELETE and TRUNCATE of events are refused by a trigger, so
      // no service code, query or person with a service's credentials rewrites history by accident or on purpose.
      // Only the table's owner can disable the trigger, a DDL step the database logs; what it could then rewrite
      // the hash chains and the signed seals report (docs/event-store.md).
      id: '0004-events-append-only',
      sql: appendOnly(s, 'events'),
    },
  ];
}

/** A trigger refusing UPDATE, DELETE and TRUNCATE on one table, with a message naming the table and the operation. */
export function appendOnly(schema: string, table: string): string {
  return `
create or replace function ${schema}.refuse_rewrite() returns trigger language plpgsql as $fn$
begin
  raise exception '%.% is append-only: % refused', tg_table_schema, tg_table_name, tg_op
    using errcode = 'YQ403', hint = 'history is corrected by appending an event, never by changing one';
end
$fn$;
create trigger ${table}_append_only before update or delete on ${schema}.${table}
  for each statement execute function ${schema}.refuse_rewrite();
create trigger ${table}_no_truncate before truncate on ${schema}.${table}
  for each statement execute function ${schema}.refuse_rewrite();
`;
}
