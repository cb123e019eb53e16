import { Inject } from '@nestjs/common';
import { identityStreams, NotFoundError } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { clientDecider } from '../client.decider';
import { Directory } from '../../read-models/directory/directory.read-model';
import { RevokeGrantCommand } from './revoke-grant.command';

/** Ends a grant of a user or of a machine client; revoking it again changes nothing. */
@HandlesCommand(RevokeGrantCommand)
export class RevokeGrantHandler implements CommandHandling<RevokeGrantCommand, void> {
  constructor(@Inject(Directory) private readonly directory: Directory) {}

  async handle(command: RevokeGrantCommand, tx: CommandTransaction): Promise<void> {
    const { grantId, reason } = command.payload;
    const grant = await this.directory.grant(grantId);
    if (!grant) throw new NotFoundError(`grant ${grantId} not found`);
    const data = { grantId, subjectId: grant.subjectId, reason };
    const options = { expectedVersion: 'ignore-if-match' } as const;
    if (grant.subjectKind === 'user') {
      await tx.decide(
        identityStreams.user.id(grant.subjectId),
        accountDecider,
        { kind: 'revoke', data },
        options,
      );
    } else {
      await tx.decide(
        identityStreams.client.id(grant.subjectId),
        clientDecider,
        { kind: 'revoke', data },
        options,
      );
    }
  }
}
