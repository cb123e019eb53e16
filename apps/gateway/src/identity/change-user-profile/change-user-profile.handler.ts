import { identityStreams } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { authorityOf } from '../authority';
import { ChangeUserProfileCommand } from './change-user-profile.command';

/**
 * A new name or post: what documents print under the person's signature in every unit they reach, so (as for a
 * password) the caller must administer all of those units, not only the home unit the guard checked. Documents
 * already signed keep naming the person as they were when they signed (each service keeps the history).
 */
@HandlesCommand(ChangeUserProfileCommand)
export class ChangeUserProfileHandler implements CommandHandling<ChangeUserProfileCommand, void> {
  async handle(command: ChangeUserProfileCommand, tx: CommandTransaction): Promise<void> {
    const { userId, displayName, post } = command.payload;
    await tx.decide(
      identityStreams.user.id(userId),
      accountDecider,
      {
        kind: 'change-profile',
        data: { userId, displayName, ...(post !== undefined ? { post } : {}) },
        by: authorityOf(command.context),
      },
      { expectedVersion: 'ignore-if-match' },
    );
  }
}
