import { Inject } from '@nestjs/common';
import { AlreadyExistsError, identityStreams, refuse } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { Credentials } from '../credentials';
import { Directory } from '../../read-models/directory/directory.read-model';
import { RegisterUserCommand, type RegisteredUser } from './register-user.command';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/**
 * A user in an org unit, with a first password when one is given (registration and password in one
 * transaction). Idempotency-Key refused: a stored request hash would be an unsalted hash of the password.
 */
@HandlesCommand(RegisterUserCommand, { idempotency: 'none' })
export class RegisterUserHandler implements CommandHandling<RegisterUserCommand, RegisteredUser> {
  constructor(
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Credentials) private readonly credentials: Credentials,
  ) {}

  async handle(command: RegisterUserCommand, tx: CommandTransaction): Promise<RegisteredUser> {
    const { username, displayName, post, orgUnit, password } = command.payload;
    if (!(await this.directory.orgUnitExists(orgUnit)))
      refuse('org-unit-exists', `org unit ${orgUnit} does not exist`);
    const taken = () => new AlreadyExistsError('username-taken', `username ${username} is taken`);
    if (await this.directory.userByName(username)) throw taken();
    const userId = tx.newId();
    const stream = identityStreams.user.id(userId);
    const options = { expectedVersion: 'ignore-if-match' } as const;
    try {
      await tx.decide(
        stream,
        accountDecider,
        {
          kind: 'register',
          data: { userId, username, displayName, ...(post !== undefined ? { post } : {}), orgUnit },
        },
        options,
      );
    } catch (error) {
      // Two registrations of one name at once: the directory's unique username decides.
      throw isUniqueViolation(error) ? taken() : error;
    }
    if (password !== undefined) {
      const credentialId = tx.newId();
      await this.credentials.store(tx, credentialId, userId, password);
      await tx.decide(stream, accountDecider, { kind: 'change-password', userId, credentialId }, options);
    }
    return { userId };
  }
}
