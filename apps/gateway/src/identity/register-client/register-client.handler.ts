import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { identityStreams, refuse } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { clientDecider } from '../client.decider';
import { Credentials } from '../credentials';
import { Directory } from '../../read-models/directory/directory.read-model';
import { RegisterClientCommand, type RegisteredClient } from './register-client.command';

/**
 * A machine client with its integrator grant and a secret stored only as a hash. Idempotency-Key refused: the
 * answer holds the secret, which must never be stored to be replayed.
 */
@HandlesCommand(RegisterClientCommand, { idempotency: 'none' })
export class RegisterClientHandler implements CommandHandling<RegisterClientCommand, RegisteredClient> {
  constructor(
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Credentials) private readonly credentials: Credentials,
  ) {}

  async handle(command: RegisterClientCommand, tx: CommandTransaction): Promise<RegisteredClient> {
    const { clientId, name, orgUnit, scopes } = command.payload;
    if (!(await this.directory.orgUnitExists(orgUnit)))
      refuse('org-unit-exists', `org unit ${orgUnit} does not exist`);
    const clientSecret = command.chosenSecret ?? randomBytes(32).toString('base64url');
    const credentialId = tx.newId();
    const grantId = tx.newId();
    await this.credentials.store(tx, credentialId, clientId, clientSecret);
    await tx.decide(
      identityStreams.client.id(clientId),
      clientDecider,
      { kind: 'register', data: { clientId, name, orgUnit, scopes, grantId, credentialId } },
      { expectedVersion: 'ignore-if-match' },
    );
    return { clientId, clientSecret, grantId };
  }
}
