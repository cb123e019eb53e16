import { archiveStreams } from '@yuqing/contracts';
import { DEFAULT_CASE_POLICY, caseDecider } from '@yuqing/archive-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { CloseCaseCommand, type CloseCaseResult } from './close-case.command';

/**
 * Closes a case (结案) under the policy in force: refused while reporting obligations are open, and for 一级/二级
 * without a summary in all its parts (the one given, or the handling summary reported). If-Match, when sent, must
 * be the case's current version.
 */
@HandlesCommand(CloseCaseCommand)
export class CloseCaseHandler implements CommandHandling<CloseCaseCommand, CloseCaseResult> {
  async handle(command: CloseCaseCommand, tx: CommandTransaction): Promise<CloseCaseResult> {
    const { caseId, summary, category, tags } = command.payload;
    const result = await tx.decide(archiveStreams.case.id(caseId), caseDecider, {
      kind: 'close',
      caseId,
      ...(summary ? { summary } : {}),
      category,
      tags,
      policy: DEFAULT_CASE_POLICY,
    });
    return { caseId, version: result.nextExpectedVersion };
  }
}
