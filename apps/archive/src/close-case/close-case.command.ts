import { CloseCase } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What closing answers: the case's stream version after it. */
export interface CloseCaseResult {
  readonly caseId: string;
  readonly version: number;
}

export class CloseCaseCommand extends DomainCommand<typeof CloseCase, CloseCaseResult>(CloseCase) {}
