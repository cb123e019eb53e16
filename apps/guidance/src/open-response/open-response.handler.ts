import { guidanceStreams } from '@yuqing/contracts';
import { responseDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { OpenResponseCommand, type OpenResponseResult } from './open-response.command';

/** Opens a response in the org unit the request concerns (the guard checked it: body.orgUnit). */
@HandlesCommand(OpenResponseCommand)
export class OpenResponseHandler implements CommandHandling<OpenResponseCommand, OpenResponseResult> {
  async handle(command: OpenResponseCommand, tx: CommandTransaction): Promise<OpenResponseResult> {
    // Ids are minted here, never in the controller: a retried request hashes the same.
    const responseId = tx.newId();
    const result = await tx.decide(
      guidanceStreams.response.id(responseId),
      responseDecider,
      { kind: 'open', responseId, title: command.payload.title },
      { metadata: { orgUnit: command.payload.orgUnit } },
    );
    return { responseId, version: result.nextExpectedVersion };
  }
}
