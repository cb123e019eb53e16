import { ReopenCase } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What reopening answers: the case's stream version after it. */
export interface ReopenCaseResult {
  readonly caseId: string;
  readonly version: number;
}

export class ReopenCaseCommand extends DomainCommand<typeof ReopenCase, ReopenCaseResult>(ReopenCase) {}
