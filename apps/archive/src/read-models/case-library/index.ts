import { ArchiveOrm } from '../../orm';
import type { ArchivePart } from '../../parts';
import { CaseLibraryController } from './case-library.controller';
import { caseLibraryMigrations } from './case-library.migrations';
import { caseLibraryProjection } from './case-library.projection';
import { CaseLibraryReadModel } from './case-library.read-model';

/** The case library (案例库): its TypeORM read model, the search and similar-cases routes, its tables. */
export const caseLibraryPart: ArchivePart = {
  controllers: [CaseLibraryController],
  providers: [ArchiveOrm, CaseLibraryReadModel],
  migrations: caseLibraryMigrations,
  projections: [caseLibraryProjection],
};
