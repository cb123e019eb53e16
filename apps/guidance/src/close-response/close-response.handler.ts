import { guidanceStreams } from '@yuqing/contracts';
import { DEFAULT_RESPONSE_POLICY, responseDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { CloseResponseCommand, type CloseResponseResult } from './close-response.command';

/** Closes a response under the policy in force; If-Match, when sent, must be its current version. */
@HandlesCommand(CloseResponseCommand)
export class CloseResponseHandler implements CommandHandling<CloseResponseCommand, CloseResponseResult> {
  async handle(command: CloseResponseCommand, tx: CommandTransaction): Promise<CloseResponseResult> {
    const { responseId, reason } = command.payload;
    const result = await tx.decide(guidanceStreams.response.id(responseId), responseDecider, {
      kind: 'close',
      responseId,
      reason,
      policy: DEFAULT_RESPONSE_POLICY,
    });
    return { responseId, version: result.nextExpectedVersion };
  }
}
