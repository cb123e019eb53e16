import { Inject } from '@nestjs/common';
import { HandlesCommand, type CommandHandling, type CommandTransaction } from '@yuqing/service-kit';
import { Directory, type OrgUnitView } from '../../read-models/directory/directory.read-model';
import { addOrgUnit } from '../org-tree';
import { CreateOrgUnitCommand } from './create-org-unit.command';

/** A unit under one in the caller's scope: its path is `<parent>.<segment>`. */
@HandlesCommand(CreateOrgUnitCommand)
export class CreateOrgUnitHandler implements CommandHandling<CreateOrgUnitCommand, OrgUnitView> {
  constructor(@Inject(Directory) private readonly directory: Directory) {}

  async handle(command: CreateOrgUnitCommand, tx: CommandTransaction): Promise<OrgUnitView> {
    const { parent, segment, kind, name } = command.payload;
    const orgUnit = `${parent}.${segment}`;
    await addOrgUnit(tx, this.directory, { orgUnit, parent, kind, name });
    return { orgUnit, parent, kind, name };
  }
}
