import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseSummary } from '@yuqing/contracts';

/**
 * A closed case in the library (案例库): what it was about, how it ended, and its search text. The table is created
 * by the part's migration (5101), never by TypeORM (ADR 0013); `document` is a generated column the database
 * computes from the three segmented texts, so the entity never writes it.
 */
@Entity({ name: 'library_cases' })
export class LibraryCase {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'org_unit', type: 'text' })
  orgUnit!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  level!: string | null;

  @Column({ type: 'boolean' })
  exceptional!: boolean;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'jsonb', nullable: true })
  summary!: CaseSummary | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt!: Date;

  /** The title, segmented (words separated by spaces): weight A. */
  @Column({ name: 'title_terms', type: 'text' })
  titleTerms!: string;

  /** The summary's four parts, segmented: weight B, and the text snippets are cut from. */
  @Column({ name: 'summary_terms', type: 'text' })
  summaryTerms!: string;

  /** Category and tags, segmented: weight C. */
  @Column({ name: 'tag_terms', type: 'text' })
  tagTerms!: string;
}

/**
 * What the library needs of a case before it is closed: its unit, title and opening, from the case stream's own
 * events (CaseOpened, the `incident-detected` entry), so the projection never reads another projection's table.
 */
@Entity({ name: 'library_case_heads' })
export class LibraryCaseHead {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'org_unit', type: 'text' })
  orgUnit!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;
}
