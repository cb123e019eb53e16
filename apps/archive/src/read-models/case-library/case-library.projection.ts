import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import {
  CaseClosed,
  CaseEntryFiled,
  CaseOpened,
  CaseReopened,
  type CaseSummary,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection } from '@yuqing/event-store';
import { entityManagerOn } from '../../orm';
import { LibraryCase, LibraryCaseHead } from './library-case.entity';
import { segmentedText } from './segmentation';

/** The summary's four parts in reading order, one text (what the B weight and the snippets cover). */
export function summaryText(summary: CaseSummary | null | undefined): string {
  if (!summary) return '';
  return [summary.whatHappened, summary.handling, summary.lessons, summary.outlook].join('\n');
}

async function apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case CaseOpened.type: {
      const data = event.data as EventData<typeof CaseOpened>;
      await manager
        .createQueryBuilder()
        .insert()
        .into(LibraryCaseHead)
        .values({
          caseId: data.caseId,
          orgUnit: event.metadata.orgUnit,
          title: null,
          openedAt: event.recordedAt,
        })
        .orIgnore()
        .execute();
      return;
    }
    case CaseEntryFiled.type: {
      const data = event.data as EventData<typeof CaseEntryFiled>;
      const title = data.facts['title'];
      if (data.entryKind !== 'incident-detected' || typeof title !== 'string') return;
      await manager.update(LibraryCaseHead, { caseId: data.caseId }, { title });
      return;
    }
    case CaseClosed.type: {
      const data = event.data as EventData<typeof CaseClosed>;
      const head = await manager.findOneBy(LibraryCaseHead, { caseId: data.caseId });
      const title = head?.title ?? null;
      await manager.upsert(
        LibraryCase,
        {
          caseId: data.caseId,
          orgUnit: head?.orgUnit ?? event.metadata.orgUnit,
          title,
          level: data.level,
          exceptional: data.exceptional,
          category: data.category,
          tags: [...data.tags],
          summary: data.summary ?? null,
          openedAt: head?.openedAt ?? event.recordedAt,
          closedAt: event.recordedAt,
          titleTerms: segmentedText(title ?? ''),
          summaryTerms: segmentedText(summaryText(data.summary)),
          tagTerms: segmentedText([data.category, ...data.tags].join('，')),
        },
        ['caseId'],
      );
      return;
    }
    case CaseReopened.type: {
      // A reopened case is not in the library until it is closed again.
      const data = event.data as EventData<typeof CaseReopened>;
      await manager.delete(LibraryCase, { caseId: data.caseId });
      return;
    }
    default:
      return;
  }
}

/**
 * The case library (案例库): closed cases with their summary, tags, category, level, unit and dates, and their
 * segmented text for Chinese search. Written with TypeORM on the connection of the transaction that appends the
 * case's events (inline), so a library row commits with its CaseClosed or not at all (ADR 0013); rebuilt and
 * verified from the case streams like every projection. The tables are created by the part's migration.
 */
export const caseLibraryProjection = defineProjection({
  name: 'archive.case-library',
  handles: [CaseOpened.type, CaseEntryFiled.type, CaseClosed.type, CaseReopened.type],
  tables: [
    { name: 'library_case_heads', key: ['case_id'] },
    { name: 'library_cases', key: ['case_id'] },
  ],
  async evolve(events, db: PoolClient, scope) {
    const { manager, release } = await entityManagerOn(db, scope.schema);
    try {
      for (const event of events) await apply(manager, event);
    } finally {
      await release();
    }
  },
});
