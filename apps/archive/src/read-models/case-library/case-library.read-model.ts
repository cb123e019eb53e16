import { Inject, Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import type { CaseSummary } from '@yuqing/contracts';
import { nextOffsetCursor, offsetCursor } from '@yuqing/service-kit';
import { ArchiveOrm } from '../../orm';
import { MARK_START, MARK_STOP, queryTerms, snippetOf, type Snippet } from './segmentation';

export interface LibraryFilter {
  /** A phrase in Chinese (or any language): segmented, every word must match (any word when none has all). */
  readonly q?: string;
  readonly level?: string;
  readonly category?: string;
  /** The unit and the units below it. */
  readonly orgUnit?: string;
  /** Closed at or after. */
  readonly from?: Date;
  /** Closed before. */
  readonly to?: Date;
}

export interface LibraryEntry {
  readonly caseId: string;
  readonly orgUnit: string;
  readonly title: string | null;
  readonly level: string | null;
  readonly exceptional: boolean;
  readonly category: string;
  readonly tags: string[];
  readonly summary: CaseSummary | null;
  readonly openedAt: Date;
  readonly closedAt: Date;
  /** ts_rank_cd of the match (title A, summary B, tags C); absent without a phrase. */
  readonly rank?: number;
  /** Where the phrase matched in the summary (or the title), as plain text with highlighted ranges. */
  readonly snippet?: Snippet;
}

export interface LibraryPage {
  readonly cases: LibraryEntry[];
  /** 'all': every word of the phrase matched; 'any': no case had them all, so any word did. */
  readonly matched?: 'all' | 'any';
  readonly next?: string;
}

interface Row extends Omit<LibraryEntry, 'snippet' | 'rank'> {
  readonly rank: number | null;
  readonly headline: string | null;
}

const COLUMNS = `case_id as "caseId", org_unit as "orgUnit", title, level, exceptional, category, tags, summary,
  opened_at as "openedAt", closed_at as "closedAt"`;

// ts_headline's options: the private-use markers (never HTML, never 【】 which headlines use themselves).
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=40, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** Words of the similar-cases query: the live case's most frequent words of two characters or more. */
const SIMILAR_TERMS = 48;

/** Case library search (案例库) through the archive's TypeORM DataSource, on the service's one pool. */
@Injectable()
export class CaseLibraryReadModel {
  constructor(@Inject(ArchiveOrm) private readonly orm: ArchiveOrm) {}

  private get schema(): string {
    return this.orm.schema;
  }

  private query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return this.orm.dataSource.query<T[]>(sql, [...params]);
  }

  /** A page of the closed cases in `scope` that match the phrase and the filters, best match first. */
  async search(
    scope: readonly string[],
    filter: LibraryFilter,
    limit: number,
    after: string | undefined,
  ): Promise<LibraryPage> {
    const offset = offsetCursor(after);
    const terms = filter.q === undefined ? undefined : queryTerms(filter.q);
    if (terms && terms.length === 0) return { cases: [], matched: 'all' };
    let matched: 'all' | 'any' | undefined;
    let tsquery: string | undefined;
    if (terms) {
      tsquery = terms.join(' & ');
      matched = 'all';
      if (terms.length > 1 && !(await this.any(scope, filter, tsquery))) {
        tsquery = terms.join(' | ');
        matched = 'any';
      }
    }
    const rows = await this.select(scope, filter, tsquery, { limit: limit + 1, offset });
    const page = rows.slice(0, limit).map(entry);
    return {
      cases: page,
      ...(matched ? { matched } : {}),
      ...(rows.length > limit ? { next: nextOffsetCursor(offset + limit) } : {}),
    };
  }

  /**
   * Similar past cases (类似案例) for a live incident: its case's title and the summaries of its items and media
   * reports, as any-word query against the library in `scope`, the case itself left out, best first.
   */
  async similar(scope: readonly string[], caseId: string, limit: number): Promise<LibraryEntry[]> {
    const texts = await this.query<{ text: string }>(
      `select title as text from ${this.schema}.cases where case_id = $1 and title is not null
       union all
       select summary from ${this.schema}.case_entries
        where case_id = $1 and entry_kind in ('incident-detected', 'item', 'media-report')`,
      [caseId],
    );
    const counts = new Map<string, number>();
    for (const { text } of texts)
      for (const term of queryTerms(text, 1000))
        if ([...term].length >= 2) counts.set(term, (counts.get(term) ?? 0) + 1);
    const terms = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, SIMILAR_TERMS)
      .map(([term]) => term);
    if (terms.length === 0) return [];
    const rows = await this.select(scope, {}, terms.join(' | '), { limit, offset: 0, exclude: caseId });
    return rows.map(entry);
  }

  private async any(scope: readonly string[], filter: LibraryFilter, tsquery: string): Promise<boolean> {
    const { sql, params } = this.where(scope, filter, tsquery, undefined);
    const rows = await this.query<{ found: boolean }>(
      `select exists (select 1 from ${this.schema}.library_cases where ${sql}) as found`,
      params,
    );
    return rows[0]?.found === true;
  }

  private where(
    scope: readonly string[],
    filter: LibraryFilter,
    tsquery: string | undefined,
    exclude: string | undefined,
  ): { sql: string; params: unknown[] } {
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const params: unknown[] = [...inScope.params];
    const conditions = [inScope.sql];
    const add = (condition: (n: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (tsquery !== undefined) add((n) => `document @@ to_tsquery('simple', ${n})`, tsquery);
    if (filter.level) add((n) => `level = ${n}`, filter.level);
    if (filter.category) add((n) => `category = ${n}`, filter.category);
    if (filter.orgUnit) add((n) => `(org_unit = ${n} or org_unit like ${n} || '.%')`, filter.orgUnit);
    if (filter.from) add((n) => `closed_at >= ${n}`, filter.from);
    if (filter.to) add((n) => `closed_at < ${n}`, filter.to);
    if (exclude) add((n) => `case_id <> ${n}`, exclude);
    return { sql: conditions.join(' and '), params };
  }

  private select(
    scope: readonly string[],
    filter: LibraryFilter,
    tsquery: string | undefined,
    page: { limit: number; offset: number; exclude?: string },
  ): Promise<Row[]> {
    const { sql, params } = this.where(scope, filter, tsquery, page.exclude);
    const n = params.length;
    if (tsquery === undefined)
      return this.query<Row>(
        `select ${COLUMNS}, null::real as rank, null::text as headline from ${this.schema}.library_cases
          where ${sql} order by closed_at desc, case_id limit $${n + 1} offset $${n + 2}`,
        [...params, page.limit, page.offset],
      );
    // The snippet comes from the summary when it matched there, else from the title.
    return this.query<Row>(
      `select ${COLUMNS}, rank, case when summary_terms <> '' and to_tsvector('simple', summary_terms) @@ q
              then ts_headline('simple', summary_terms, q, $${n + 3})
              else ts_headline('simple', title_terms, q, $${n + 3}) end as headline
         from (select *, ts_rank_cd(document, to_tsquery('simple', $${n + 4})) as rank,
                 to_tsquery('simple', $${n + 4}) as q
                 from ${this.schema}.library_cases where ${sql}
                order by rank desc, closed_at desc, case_id limit $${n + 1} offset $${n + 2}) ranked
        order by rank desc, closed_at desc, case_id`,
      [...params, page.limit, page.offset, HEADLINE, tsquery],
    );
  }
}

function entry(row: Row): LibraryEntry {
  const { rank, headline, ...rest } = row;
  return {
    ...rest,
    ...(rank !== null ? { rank: Number(rank) } : {}),
    ...(headline !== null ? { snippet: snippetOf(headline) } : {}),
  };
}
