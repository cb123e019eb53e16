import { Inject } from '@nestjs/common';
import { identityStreams, refuse } from '@yuqing/contracts';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { authorityOf } from '../authority';
import { Directory } from '../../read-models/directory/directory.read-model';
import { GrantRoleCommand, type GrantedRole } from './grant-role.command';

/**
 * A role for a user in an existing unit; people never hold the integrator role. The guard checked the grant's
 * unit; the account decider checks the rest (the caller administers every unit the user reaches, is not the user,
 * and is above the unit for the weightiest roles).
 */
@HandlesCommand(GrantRoleCommand)
export class GrantRoleHandler implements CommandHandling<GrantRoleCommand, GrantedRole> {
  constructor(@Inject(Directory) private readonly directory: Directory) {}

  async handle(command: GrantRoleCommand, tx: CommandTransaction): Promise<GrantedRole> {
    const { userId, role, orgUnit } = command.payload;
    if (role === 'integrator') refuse('human-role', 'the integrator role is for machine clients');
    if (!(await this.directory.orgUnitExists(orgUnit)))
      refuse('org-unit-exists', `org unit ${orgUnit} does not exist`);
    const grantId = tx.newId();
    await tx.decide(
      identityStreams.user.id(userId),
      accountDecider,
      { kind: 'grant', data: { grantId, userId, role, orgUnit }, by: authorityOf(command.context) },
      { expectedVersion: 'ignore-if-match' },
    );
    return { grantId };
  }
}
