import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { isOrgUnitPath, parentOf, type Role } from '@yuqing/auth';
import {
  ClientRegistered,
  GrantRevoked,
  OrgUnitCreated,
  type EventData,
  type EventMetadata,
} from '@yuqing/contracts';
import { ConcurrencyError, handleCommand, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { accountDecider, AccountRuleError, accountStream, type AccountCommand } from './account.decider';
import { Directory } from './directory';
import { Passwords } from './passwords';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/** The identity context's writes: each one event-sourced; the read models follow inline. */
@Injectable()
export class IdentityCommands {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Passwords) private readonly passwords: Passwords,
  ) {}

  async createOrgUnit(data: EventData<typeof OrgUnitCreated>, metadata: EventMetadata): Promise<void> {
    // A root (no parent) is created only at bootstrap (the demo loader); the API always names a parent.
    const parent = data.parent === undefined ? undefined : parentOf(data.orgUnit);
    if (parent !== data.parent) {
      throw new UnprocessableEntityException({
        message: `${data.orgUnit} must sit directly under ${parent ?? '(no parent)'}`,
        rule: 'org-unit-path',
      });
    }
    if (data.parent && !(await this.directory.orgUnitExists(data.parent))) {
      throw new UnprocessableEntityException({
        message: `parent ${data.parent} does not exist`,
        rule: 'parent-exists',
      });
    }
    try {
      await this.store.append(`identity-orgunit-${data.orgUnit}`, [OrgUnitCreated.create(data)], {
        expectedVersion: 'no_stream',
        metadata,
      });
    } catch (error) {
      if (error instanceof ConcurrencyError || isUniqueViolation(error)) {
        throw new ConflictException(`org unit ${data.orgUnit} already exists`);
      }
      throw error;
    }
  }

  async registerUser(
    input: { username: string; displayName: string; orgUnit: string; password?: string | undefined },
    metadata: EventMetadata,
  ): Promise<string> {
    if (!(await this.directory.orgUnitExists(input.orgUnit))) {
      throw new UnprocessableEntityException({
        message: `org unit ${input.orgUnit} does not exist`,
        rule: 'org-unit-exists',
      });
    }
    if (await this.directory.userByName(input.username))
      throw new ConflictException(`username ${input.username} is taken`);
    const userId = uuidv7();
    await this.account(userId, { kind: 'register', data: { userId, ...pick(input) } }, metadata);
    if (input.password !== undefined) await this.changePassword(userId, input.password, metadata);
    return userId;
  }

  async changePassword(userId: string, password: string, metadata: EventMetadata): Promise<void> {
    const credentialId = uuidv7();
    // The hash is stored first and the event names it: an aborted command leaves an unreferenced row, never a
    // password that is in force without its event.
    await this.directory.storeCredential(credentialId, userId, await this.passwords.hash(password));
    await this.account(userId, { kind: 'change-password', userId, credentialId }, metadata);
  }

  async grantRole(userId: string, role: Role, orgUnit: string, metadata: EventMetadata): Promise<string> {
    if (role === 'integrator') {
      throw new UnprocessableEntityException({
        message: 'the integrator role is for machine clients',
        rule: 'human-role',
      });
    }
    if (!(await this.directory.orgUnitExists(orgUnit))) {
      throw new UnprocessableEntityException({
        message: `org unit ${orgUnit} does not exist`,
        rule: 'org-unit-exists',
      });
    }
    const grantId = uuidv7();
    await this.account(userId, { kind: 'grant', data: { grantId, userId, role, orgUnit } }, metadata);
    return grantId;
  }

  async revokeGrant(grantId: string, reason: string, metadata: EventMetadata): Promise<void> {
    const grant = await this.directory.grant(grantId);
    if (!grant) throw new NotFoundException(`grant ${grantId} not found`);
    const data = { grantId, subjectId: grant.subjectId, reason };
    if (grant.subjectKind === 'user') {
      await this.account(grant.subjectId, { kind: 'revoke', data }, metadata);
      return;
    }
    const stream = `identity-client-${grant.subjectId}`;
    const revoked = (await this.store.readStream(stream)).some(
      (e) => e.type === GrantRevoked.type && (e.data as { grantId: string }).grantId === grantId,
    );
    if (!revoked)
      await this.store.append(stream, [GrantRevoked.create(data)], { expectedVersion: 'any', metadata });
  }

  async registerClient(
    input: { clientId: string; name: string; orgUnit: string; scopes: string[] },
    metadata: EventMetadata,
    /** Only the demo loader chooses the secret; otherwise a random one is made and shown once. */
    chosenSecret?: string,
  ): Promise<{ clientId: string; clientSecret: string; grantId: string }> {
    if (!(await this.directory.orgUnitExists(input.orgUnit))) {
      throw new UnprocessableEntityException({
        message: `org unit ${input.orgUnit} does not exist`,
        rule: 'org-unit-exists',
      });
    }
    const clientSecret = chosenSecret ?? randomBytes(32).toString('base64url');
    const credentialId = uuidv7();
    const grantId = uuidv7();
    await this.directory.storeCredential(
      credentialId,
      input.clientId,
      await this.passwords.hash(clientSecret),
    );
    try {
      await this.store.append(
        `identity-client-${input.clientId}`,
        [ClientRegistered.create({ ...input, grantId, credentialId })],
        { expectedVersion: 'no_stream', metadata },
      );
    } catch (error) {
      if (error instanceof ConcurrencyError || isUniqueViolation(error)) {
        throw new ConflictException(`client ${input.clientId} already exists`);
      }
      throw error;
    }
    return { clientId: input.clientId, clientSecret, grantId };
  }

  /** Runs a command on a user's account stream; domain refusals become 404/409. */
  async account(userId: string, command: AccountCommand, metadata: EventMetadata): Promise<void> {
    try {
      await handleCommand(this.store, accountStream(userId), accountDecider, command, { metadata });
    } catch (error) {
      if (error instanceof AccountRuleError) {
        if (error.rule.startsWith('no-such')) throw new NotFoundException(error.message);
        throw new ConflictException({ message: error.message, rule: error.rule });
      }
      if (isUniqueViolation(error)) throw new ConflictException('username is taken');
      throw error;
    }
  }
}

function pick(input: { username: string; displayName: string; orgUnit: string }) {
  if (!isOrgUnitPath(input.orgUnit)) throw new BadRequestException('orgUnit is not an org-unit path');
  return { username: input.username, displayName: input.displayName, orgUnit: input.orgUnit };
}
