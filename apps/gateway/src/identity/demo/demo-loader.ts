import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parentOf } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { Clock, commandTransaction, LOGGER, serviceContext } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { CreateOrgUnitCommand } from '../create-org-unit/create-org-unit.command';
import { Directory } from '../../read-models/directory/directory.read-model';
import { GrantRoleCommand } from '../grant-role/grant-role.command';
import { addOrgUnit } from '../org-tree';
import { RegisterClientCommand } from '../register-client/register-client.command';
import { RegisterUserCommand } from '../register-user/register-user.command';
import { DEMO_CLIENTS, DEMO_ORG_UNITS, DEMO_USERS } from './demo-tree';

export const DEMO_OPTIONS = Symbol('DEMO_OPTIONS');
export interface DemoOptions {
  readonly enabled: boolean;
  readonly password: string;
}

const ACTOR = 'demo-loader';

/** Loads the demo tree through the ordinary commands (so as events); skips what exists, so each start is a no-op after the first. */
@Injectable()
export class DemoLoader implements OnApplicationBootstrap {
  constructor(
    @Inject(DEMO_OPTIONS) private readonly options: DemoOptions,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.load();
  }

  async load(): Promise<{ orgUnits: number; users: number; clients: number }> {
    const created = { orgUnits: 0, users: 0, clients: 0 };
    for (const unit of DEMO_ORG_UNITS) {
      if (await this.directory.orgUnitExists(unit.orgUnit)) continue;
      const parent = unit.orgUnit === 'cn.yn' ? undefined : parentOf(unit.orgUnit);
      const context = serviceContext(ACTOR, unit.orgUnit);
      if (parent === undefined) {
        // CreateOrgUnit always names a parent, so the root is added by the same rule in a command transaction.
        await this.store.transaction((tx) =>
          addOrgUnit(commandTransaction(tx, context, this.clock.now()), this.directory, unit),
        );
      } else {
        const segment = unit.orgUnit.slice(parent.length + 1);
        const { kind, name } = unit;
        await this.commands.execute(new CreateOrgUnitCommand({ parent, segment, kind, name }, context));
      }
      created.orgUnits++;
    }
    for (const user of DEMO_USERS) {
      if (await this.directory.userByName(user.username)) continue;
      const { username, displayName, post, orgUnit } = user;
      const { password } = this.options;
      const { userId } = await this.commands.execute(
        new RegisterUserCommand(
          { username, displayName, post, orgUnit, password },
          serviceContext(ACTOR, orgUnit),
        ),
      );
      for (const grant of user.grants) {
        const payload = { userId, role: grant.role, orgUnit: grant.orgUnit };
        await this.commands.execute(new GrantRoleCommand(payload, serviceContext(ACTOR, grant.orgUnit)));
      }
      created.users++;
    }
    for (const client of DEMO_CLIENTS) {
      if (await this.directory.grantOfClient(client.clientId)) continue;
      const payload = { ...client, scopes: [...client.scopes] };
      await this.commands.execute(
        new RegisterClientCommand(payload, serviceContext(ACTOR, client.orgUnit), this.options.password),
      );
      created.clients++;
    }
    this.logger.info({ created }, 'demo org tree loaded');
    return created;
  }
}
