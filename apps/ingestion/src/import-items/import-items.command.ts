import { ImportItems } from '@yuqing/contracts';
import type { CaptureOutcome } from '@yuqing/ingestion-domain';
import { DomainCommand } from '@yuqing/service-kit';
import type { RowError } from './import-rows';

export interface ImportResult {
  readonly rows: number;
  readonly outcomes: ({ row: number } & CaptureOutcome)[];
  readonly errors: RowError[];
}

export class ImportItemsCommand extends DomainCommand<typeof ImportItems, ImportResult>(ImportItems) {}
