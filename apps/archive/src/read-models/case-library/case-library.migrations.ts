import type { Migration } from '@yuqing/event-store';

/**
 * The library's tables, in the service's one migration order (ids 5100-5199), applied by the platform's
 * `migrate` with the event store's and the case files'. TypeORM never creates or alters them (ADR 0013): the
 * entities in library-case.entity.ts describe these tables and must follow this file.
 */
export function caseLibraryMigrations(schema: string): Migration[] {
  return [
    {
      id: '5101-archive-case-library',
      sql: `
create table ${schema}.library_case_heads (
  case_id text primary key,
  org_unit text not null,
  title text,
  opened_at timestamptz not null
);

create table ${schema}.library_cases (
  case_id text primary key,
  org_unit text not null,
  title text,
  level text,
  exceptional boolean not null,
  category text not null,
  tags text[] not null,
  summary jsonb,
  opened_at timestamptz not null,
  closed_at timestamptz not null,
  -- Segmented text (words separated by spaces, jieba with ingestion's dictionary): PostgreSQL's parser does not
  -- split Chinese, so 'simple' indexes one lexeme per word. Title A, summary B, category and tags C.
  title_terms text not null,
  summary_terms text not null,
  tag_terms text not null,
  document tsvector generated always as (
    setweight(to_tsvector('simple', title_terms), 'A') ||
    setweight(to_tsvector('simple', summary_terms), 'B') ||
    setweight(to_tsvector('simple', tag_terms), 'C')
  ) stored
);
create index library_cases_document on ${schema}.library_cases using gin (document);
create index library_cases_by_unit on ${schema}.library_cases (org_unit text_pattern_ops, closed_at desc);
create index library_cases_by_closing on ${schema}.library_cases (closed_at desc, case_id);
`,
    },
  ];
}
