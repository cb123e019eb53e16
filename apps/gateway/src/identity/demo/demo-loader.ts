import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import type { EventMetadata } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { Directory } from '../directory';
import { IdentityCommands } from '../identity-commands';
import { parentOf } from '@yuqing/auth';
import { DEMO_CLIENTS, DEMO_ORG_UNITS, DEMO_USERS } from './demo-tree';

export const DEMO_OPTIONS = Symbol('DEMO_OPTIONS');
export interface DemoOptions {
  readonly enabled: boolean;
  readonly password: string;
}

/** Loads the demo tree through the ordinary commands (so as events); skips what exists, so each start is a no-op after the first. */
@Injectable()
export class DemoLoader implements OnApplicationBootstrap {
  constructor(
    @Inject(DEMO_OPTIONS) private readonly options: DemoOptions,
    @Inject(IdentityCommands) private readonly commands: IdentityCommands,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.load();
  }

  async load(): Promise<{ orgUnits: number; users: number; clients: number }> {
    const created = { orgUnits: 0, users: 0, clients: 0 };
    const meta = (orgUnit: string): EventMetadata => ({
      orgUnit,
      actor: { kind: 'service', id: 'demo-loader' },
      correlationId: uuidv7(),
    });
    for (const unit of DEMO_ORG_UNITS) {
      if (await this.directory.orgUnitExists(unit.orgUnit)) continue;
      const parent = unit.orgUnit === 'cn.yn' ? undefined : parentOf(unit.orgUnit);
      await this.commands.createOrgUnit({ ...unit, ...(parent ? { parent } : {}) }, meta(unit.orgUnit));
      created.orgUnits++;
    }
    for (const user of DEMO_USERS) {
      if (await this.directory.userByName(user.username)) continue;
      const userId = await this.commands.registerUser(
        {
          username: user.username,
          displayName: user.displayName,
          orgUnit: user.orgUnit,
          password: this.options.password,
        },
        meta(user.orgUnit),
      );
      for (const grant of user.grants)
        await this.commands.grantRole(userId, grant.role, grant.orgUnit, meta(grant.orgUnit));
      created.users++;
    }
    for (const client of DEMO_CLIENTS) {
      if (await this.directory.grantOfClient(client.clientId)) continue;
      await this.commands.registerClient(
        { ...client, scopes: [...client.scopes] },
        meta(client.orgUnit),
        this.options.password,
      );
      created.clients++;
    }
    this.logger.info({ created }, 'demo org tree loaded');
    return created;
  }
}
