import { archiveStreams } from '@yuqing/contracts';
import { DEFAULT_CASE_POLICY, caseDecider } from '@yuqing/archive-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { ReopenCaseCommand, type ReopenCaseResult } from './reopen-case.command';

/** Reopens a closed case, with the reason; it leaves the case library until it is closed again. */
@HandlesCommand(ReopenCaseCommand)
export class ReopenCaseHandler implements CommandHandling<ReopenCaseCommand, ReopenCaseResult> {
  async handle(command: ReopenCaseCommand, tx: CommandTransaction): Promise<ReopenCaseResult> {
    const { caseId, reason } = command.payload;
    const result = await tx.decide(archiveStreams.case.id(caseId), caseDecider, {
      kind: 'reopen',
      caseId,
      reason,
      policy: DEFAULT_CASE_POLICY,
    });
    return { caseId, version: result.nextExpectedVersion };
  }
}
