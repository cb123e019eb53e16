import { IssueNotice } from '@yuqing/contracts';
import { DomainCommand } from '@yuqing/service-kit';

/** What issuing answers: the notice, and the findings it announces. */
export interface IssueNoticeResult {
  readonly noticeId: string;
  readonly findingIds: readonly string[];
}

export class IssueNoticeCommand extends DomainCommand<typeof IssueNotice, IssueNoticeResult>(IssueNotice) {}
