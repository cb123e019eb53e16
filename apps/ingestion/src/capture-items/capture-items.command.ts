import { CaptureItems } from '@yuqing/contracts';
import type { CaptureOutcome } from '@yuqing/ingestion-domain';
import { DomainCommand } from '@yuqing/service-kit';

export interface CaptureItemsResult {
  readonly outcomes: CaptureOutcome[];
}

export class CaptureItemsCommand extends DomainCommand<typeof CaptureItems, CaptureItemsResult>(
  CaptureItems,
) {}
