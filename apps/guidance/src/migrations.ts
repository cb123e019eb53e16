import type { Migration } from '@yuqing/event-store';

/** The guidance service's tables besides its event store. Ids sort in the order they apply and never change once shipped. */
export function guidanceMigrations(schema: string): Migration[] {
  return [
    {
      id: '4001-guidance-read-models',
      sql: `
create table ${schema}.responses (
  response_id text primary key,
  org_unit text not null,
  title text not null,
  status text not null check (status in ('open', 'closed')),
  opened_at timestamptz not null,
  closed_at timestamptz,
  close_reason text,
  version integer not null
);
create index responses_by_activity on ${schema}.responses (opened_at desc, response_id desc);
`,
    },
  ];
}
