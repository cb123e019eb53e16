import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { identityStreams } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { Clock } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { Directory } from '../../read-models/directory/directory.read-model';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { KeyStore } from '../keys/key-store';
import { Passwords } from '../passwords';
import { LoginThrottle, type SignInAttempt } from './login-throttle';

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope?: string;
}

const WRONG = 'the username or password is wrong';

/** 429 after repeated failures: the same for every name, known or not; the controller sets Retry-After. */
export class SignInThrottled extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      { message: 'too many failed sign-ins; wait before trying again', retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * The built-in issuer: password sign-in for users, client credentials for integrators. A refused sign-in is
 * counted by the throttle (PostgreSQL, shared by replicas) and audited in a table, never appended as an event;
 * an unknown name costs a dummy hash and gets the very answer a wrong password gets.
 */
@Injectable()
export class LoginService {
  constructor(
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Passwords) private readonly passwords: Passwords,
    @Inject(KeyStore) private readonly keys: KeyStore,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  /** Refuses (429) an attempt that must still wait, auditing it; no password is checked meanwhile. */
  private async admit(
    attempt: SignInAttempt,
    kind: 'user' | 'client',
    subjectId: string | undefined,
    now: Date,
  ): Promise<void> {
    const waitMs = await this.throttle.waitMs(attempt, now);
    if (waitMs <= 0) return;
    await this.throttle.audit(kind, subjectId, attempt.address, 'throttled', now);
    throw new SignInThrottled(Math.ceil(waitMs / 1000));
  }

  private async refuse(
    attempt: SignInAttempt,
    kind: 'user' | 'client',
    subjectId: string | undefined,
    now: Date,
  ): Promise<void> {
    await this.throttle.failed(attempt, now);
    await this.throttle.audit(kind, subjectId, attempt.address, 'wrong-credentials', now);
  }

  private assertBuiltIn(): void {
    if (this.options.externalJwksUrl)
      throw new NotFoundException('sign-in is with the external identity provider');
  }

  async login(
    username: string,
    password: string,
    address: string,
    now = this.clock.now(),
  ): Promise<TokenResponse> {
    const user = await this.authenticate(username, password, address, now);
    return this.userToken(user.userId, now);
  }

  /**
   * Checks a user's password under the throttle and records the sign-in (the console's session starts here too).
   * Refused: 429 while throttled, 401 for a wrong name or password (the same answer for both).
   */
  async authenticate(
    username: string,
    password: string,
    address: string,
    now = this.clock.now(),
  ): Promise<{ userId: string; orgUnit: string; credentialId: string }> {
    this.assertBuiltIn();
    const attempt = { name: username, address };
    const user = await this.directory.userByName(username);
    await this.admit(attempt, 'user', user?.userId, now);
    const hash = user?.credentialId ? await this.directory.credentialHash(user.credentialId) : undefined;
    // Unknown names and users without a password are checked against a dummy hash: the same time, the same answer.
    const matched = await this.passwords.verify(hash, password);
    if (!user || !user.credentialId || !matched) {
      await this.refuse(attempt, 'user', user?.userId, now);
      throw new UnauthorizedException(WRONG);
    }
    await this.throttle.succeeded(attempt);
    await handleCommand(
      this.store,
      identityStreams.user.id(user.userId),
      accountDecider,
      { kind: 'record-login', userId: user.userId },
      {
        metadata: {
          orgUnit: user.orgUnit,
          actor: { kind: 'user', id: user.userId },
          correlationId: uuidv7(),
        },
      },
    );
    return { userId: user.userId, orgUnit: user.orgUnit, credentialId: user.credentialId };
  }

  /** An access token for a user with the grants in force now. */
  async userToken(userId: string, now = this.clock.now()): Promise<TokenResponse> {
    const grants = await this.directory.liveGrants(userId);
    const signer = this.keys.signer();
    return {
      access_token: await signer.sign({ subject: userId, kind: 'user', grants }, now),
      token_type: 'Bearer',
      expires_in: signer.ttlSeconds,
    };
  }

  async clientToken(
    clientId: string,
    secret: string,
    requested: readonly string[],
    address: string,
  ): Promise<TokenResponse> {
    this.assertBuiltIn();
    const now = this.clock.now();
    const attempt = { name: `client:${clientId}`, address };
    await this.admit(attempt, 'client', undefined, now);
    const client = await this.directory.client(clientId);
    const hash = client ? await this.directory.credentialHash(client.credentialId) : undefined;
    const matched = await this.passwords.verify(hash, secret);
    if (!client || !matched) {
      await this.refuse(attempt, 'client', client ? clientId : undefined, now);
      throw new UnauthorizedException({
        message: 'the client id or secret is wrong',
        error: 'invalid_client',
      });
    }
    const refused = requested.filter((scope) => !client.scopes.includes(scope));
    if (refused.length > 0) {
      throw new HttpException(
        { message: `scopes not granted to this client: ${refused.join(' ')}`, error: 'invalid_scope' },
        HttpStatus.BAD_REQUEST,
      );
    }
    await this.throttle.succeeded(attempt);
    const scopes = requested.length > 0 ? [...requested] : client.scopes;
    const signer = this.keys.signer();
    return {
      access_token: await signer.sign(
        {
          subject: clientId,
          kind: 'integrator',
          grants: [{ grantId: client.grantId, role: 'integrator', orgUnit: client.orgUnit }],
          scopes,
        },
        now,
      ),
      token_type: 'Bearer',
      expires_in: signer.ttlSeconds,
      scope: scopes.join(' '),
    };
  }
}
