import type { ArchivePart } from '../parts';
import { CaseFileExport } from './case-file-export';
import { ExportCaseFileController } from './export-case-file.controller';

/** The exported case file (GET /api/archive/cases/{caseId}/export): no tables, no projections. */
export const exportCaseFilePart: ArchivePart = {
  controllers: [ExportCaseFileController],
  providers: [CaseFileExport],
  migrations: () => [],
  projections: [],
};
