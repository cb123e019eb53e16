import { identityStreams } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { ChangeUserProfileCommand } from './change-user-profile.command';

/**
 * A new name or post. It grants nothing, so the home unit's administrator (the guard) may make it; documents
 * already signed keep naming the person as they were when they signed (each service keeps the history).
 */
@HandlesCommand(ChangeUserProfileCommand)
export class ChangeUserProfileHandler implements CommandHandling<ChangeUserProfileCommand, void> {
  async handle(command: ChangeUserProfileCommand, tx: CommandTransaction): Promise<void> {
    const { userId, displayName, post } = command.payload;
    await tx.decide(
      identityStreams.user.id(userId),
      accountDecider,
      { kind: 'change-profile', data: { userId, displayName, ...(post !== undefined ? { post } : {}) } },
      { expectedVersion: 'ignore-if-match' },
    );
  }
}
