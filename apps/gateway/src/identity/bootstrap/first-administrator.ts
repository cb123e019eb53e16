import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parentOf } from '@yuqing/auth';
import { refuse, type EventData, type OrgUnitCreated } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import type { Pool } from 'pg';
import { Clock, commandTransaction, PG_POOL, serviceContext } from '@yuqing/service-kit';
import { Directory } from '../../read-models/directory/directory.read-model';
import { ChangePasswordCommand } from '../change-password/change-password.command';
import { GrantRoleCommand } from '../grant-role/grant-role.command';
import { addOrgUnit } from '../org-tree';
import { RegisterUserCommand } from '../register-user/register-user.command';

export interface FirstAdministratorRequest {
  /** The deployment's top unit, created when it does not exist yet (`parent` is ignored: found or none). */
  readonly unit: EventData<typeof OrgUnitCreated>;
  readonly username: string;
  readonly displayName: string;
}

export interface FirstAdministrator {
  readonly userId: string;
  /** Shown once to whoever ran the bootstrap; stored only as its argon2id hash. */
  readonly password: string;
}

const ACTOR = 'identity-bootstrap';

/**
 * The first administrator of a real deployment (no demo data): the internet office (网信办) of the top unit, which
 * registers the other users and grants their roles through the API. Only while no user holds a role, so it
 * cannot be used to take over a running deployment; the password is random and printed once.
 */
@Injectable()
export class FirstAdministratorBootstrap {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async create(request: FirstAdministratorRequest): Promise<FirstAdministrator> {
    // One bootstrap at a time: two runs at once would both find nobody and make two administrators.
    const lock = await this.pool.connect();
    const key = `yuqing.identity.bootstrap.${this.store.schema}`;
    try {
      await lock.query('select pg_advisory_lock(hashtext($1))', [key]);
      return await this.createAlone(request);
    } finally {
      await lock.query('select pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      lock.release();
    }
  }

  private async createAlone(request: FirstAdministratorRequest): Promise<FirstAdministrator> {
    if (await this.directory.hasGrantedUsers())
      refuse(
        'identity.already-bootstrapped',
        'users with roles exist already: the first administrator is created once; an administrator registers the others',
      );
    const { unit } = request;
    if (!(await this.directory.orgUnitExists(unit.orgUnit))) {
      // Under its parent when the tree has it; else the root of this deployment's tree (a city's, a county's).
      const parent = parentOf(unit.orgUnit);
      const under = parent !== undefined && (await this.directory.orgUnitExists(parent)) ? parent : undefined;
      const context = serviceContext(ACTOR, unit.orgUnit);
      await this.store.transaction((tx) =>
        addOrgUnit(commandTransaction(tx, context, this.clock.now()), this.directory, {
          ...unit,
          ...(under !== undefined ? { parent: under } : {}),
        }),
      );
    }
    // 24 characters of base64url: 144 random bits, above the password rule's 12 characters.
    const password = randomBytes(18).toString('base64url');
    const context = serviceContext(ACTOR, unit.orgUnit);
    // A run that stopped between registering the user and granting its role left it without a role and without a
    // password anyone knows: it is taken up again, with a new password.
    const existing = await this.directory.userByName(request.username);
    let userId: string;
    if (existing) {
      userId = existing.userId;
      await this.commands.execute(new ChangePasswordCommand({ userId, password }, context));
    } else {
      ({ userId } = await this.commands.execute(
        new RegisterUserCommand(
          { username: request.username, displayName: request.displayName, orgUnit: unit.orgUnit, password },
          context,
        ),
      ));
    }
    await this.commands.execute(
      new GrantRoleCommand({ userId, role: 'internet-office', orgUnit: unit.orgUnit }, context),
    );
    return { userId, password };
  }
}
