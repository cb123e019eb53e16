import type { OrgUnitResolvers } from '@yuqing/auth';
import type { ProjectionDefinition } from '@yuqing/event-store';
import { asOfPart } from '../as-of';
import { exportCaseFilePart } from '../export-case-file';
import type { ArchivePart } from '../parts';
import { caseLibraryPart } from './case-library';
import { CaseAccess } from './case-files/case-access';
import { CaseOrgUnitResolver } from './case-files/case-org-unit.resolver';
import { CaseFilesController } from './case-files/case-files.controller';
import { caseFilesProjection } from './case-files/case-files.projection';
import { CaseFilesReadModel } from './case-files/case-files.read-model';

// Every read model of archive: one folder each (projection, read model, GET controller), and the parts that
// plug in (the case library, as-of, the export). The projection runner (EventSourcingModule),
// `npm run projections:rebuild -- archive` and the rebuild-equals-live test read `projections` and
// `DEFAULT_SCHEMA` from this file.

/** The schema the service keeps its events and read models in unless configured otherwise (ARCHIVE_SCHEMA). */
export const DEFAULT_SCHEMA = 'archive';

/** The parts besides the case files, each from its folder's index.ts. */
export const archiveParts: readonly ArchivePart[] = [caseLibraryPart, asOfPart, exportCaseFilePart];

/** The declared projections (they take their tables from the scope they are run in, whatever the schema). */
export function projections(_schema?: string): ProjectionDefinition[] {
  return [caseFilesProjection, ...archiveParts.flatMap((part) => part.projections)];
}

export const archiveReadModels = [CaseFilesReadModel, CaseOrgUnitResolver, CaseAccess];
export const archiveQueryControllers = [CaseFilesController];
/** The guard's resolvers, by the names @Permission uses: a case's unit, by case id or incident id (the same). */
export const archiveResolvers: OrgUnitResolvers = { case: CaseOrgUnitResolver };
