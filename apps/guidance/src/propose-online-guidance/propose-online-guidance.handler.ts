import { guidanceStreams, optional } from '@yuqing/contracts';
import { onlineGuidanceDecider } from '@yuqing/guidance-domain';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import {
  ProposeOnlineGuidanceCommand,
  type ProposeOnlineGuidanceResult,
} from './propose-online-guidance.command';

/** Records the proposal on its own stream, for the proposing unit. */
@HandlesCommand(ProposeOnlineGuidanceCommand)
export class ProposeOnlineGuidanceHandler implements CommandHandling<
  ProposeOnlineGuidanceCommand,
  ProposeOnlineGuidanceResult
> {
  async handle(
    command: ProposeOnlineGuidanceCommand,
    tx: CommandTransaction,
  ): Promise<ProposeOnlineGuidanceResult> {
    const { orgUnit, incidentId, incidentLevel, approverUnit, wording, platforms } = command.payload;
    const proposalId = tx.newId();
    const result = await tx.decide(
      guidanceStreams.online.id(proposalId),
      onlineGuidanceDecider,
      {
        kind: 'propose',
        proposalId,
        orgUnit,
        ...optional('incidentId', incidentId),
        ...optional('incidentLevel', incidentLevel),
        approverUnit,
        wording,
        platforms,
      },
      { metadata: { orgUnit } },
    );
    return { proposalId, version: result.nextExpectedVersion };
  }
}
