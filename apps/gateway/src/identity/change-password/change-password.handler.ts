import { Inject } from '@nestjs/common';
import { identityStreams } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { authorityOf } from '../authority';
import { Credentials } from '../credentials';
import { ChangePasswordCommand } from './change-password.command';

/**
 * A new password: its hash is stored and the event names it, in one transaction; refused (and rolled back) unless
 * the caller administers every unit the user reaches, not only the home unit the guard checked. Idempotency-Key refused: a
 * stored request hash would be an unsalted hash of the password.
 */
@HandlesCommand(ChangePasswordCommand, { idempotency: 'none' })
export class ChangePasswordHandler implements CommandHandling<ChangePasswordCommand, void> {
  constructor(@Inject(Credentials) private readonly credentials: Credentials) {}

  async handle(command: ChangePasswordCommand, tx: CommandTransaction): Promise<void> {
    const { userId, password } = command.payload;
    const credentialId = tx.newId();
    await this.credentials.store(tx, credentialId, userId, password);
    await tx.decide(
      identityStreams.user.id(userId),
      accountDecider,
      { kind: 'change-password', userId, credentialId, by: authorityOf(command.context) },
      { expectedVersion: 'ignore-if-match' },
    );
  }
}
