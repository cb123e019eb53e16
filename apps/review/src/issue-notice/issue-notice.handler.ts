import { Inject } from '@nestjs/common';
import { NoticeIssued, refuse, reviewStreams } from '@yuqing/contracts';
import { periodName } from '@yuqing/review-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { FindingsReadModel } from '../read-models/findings/findings.read-model';
import { IssueNoticeCommand, type IssueNoticeResult } from './issue-notice.command';

/**
 * Issues the 通报 of a period (第二十八条: 进行通报处理): every finding confirmed under the unit at this moment (an
 * appeal pending leaves the ruling standing). A period with none has nothing to announce.
 */
@HandlesCommand(IssueNoticeCommand)
export class IssueNoticeHandler implements CommandHandling<IssueNoticeCommand, IssueNoticeResult> {
  constructor(@Inject(FindingsReadModel) private readonly findings: FindingsReadModel) {}

  async handle(command: IssueNoticeCommand, tx: CommandTransaction): Promise<IssueNoticeResult> {
    const { orgUnit, period, documentNumber } = command.payload;
    const confirmed = (await this.findings.ofPeriod(orgUnit, period)).filter(
      (row) => row.status === 'confirmed' || row.status === 'appealed',
    );
    if (confirmed.length === 0)
      refuse('review.nothing-to-announce', `no finding of ${period} under ${orgUnit} is confirmed`, 'period');
    const noticeId = tx.newId();
    const findingIds = confirmed.map((row) => row.findingId);
    await tx.append(
      reviewStreams.notice.id(noticeId),
      [
        NoticeIssued.create({
          noticeId,
          period,
          documentNumber,
          title: `关于${periodName(period)}网络舆情工作考评情况的通报`,
          findingIds,
        }),
      ],
      { expectedVersion: 'no_stream', metadata: tx.metadata({ orgUnit }) },
    );
    return { noticeId, findingIds };
  }
}
