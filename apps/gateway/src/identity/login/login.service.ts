import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { AccountLocked, identityStreams, LoginSucceeded, type EventData } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { Clock } from '@yuqing/service-kit';
import { accountDecider } from '../account.decider';
import { Directory } from '../../read-models/directory/directory.read-model';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { KeyStore } from '../keys/key-store';
import { Passwords } from '../passwords';
import { LoginThrottle } from './login-throttle';

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope?: string;
}

const WRONG = 'the username or password is wrong';

function tooMany(detail: string, retryAfterSeconds: number): HttpException {
  return new HttpException({ message: detail, retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
}

/** The built-in issuer: password sign-in for users, client credentials for integrators. */
@Injectable()
export class LoginService {
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Passwords) private readonly passwords: Passwords,
    @Inject(KeyStore) private readonly keys: KeyStore,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    const t = options.loginThrottle ?? { attempts: 20, windowMs: 5 * 60_000 };
    this.throttle = new LoginThrottle(t.attempts, t.windowMs);
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
    this.assertBuiltIn();
    if (!this.throttle.allow(address, now.getTime())) {
      throw tooMany('too many sign-in attempts from this address; try again later', 300);
    }
    const user = await this.directory.userByName(username);
    const hash = user?.credentialId ? await this.directory.credentialHash(user.credentialId) : undefined;
    const matched = await this.passwords.verify(hash, password);
    if (!user) throw new UnauthorizedException(WRONG);
    const result = await handleCommand(
      this.store,
      identityStreams.user.id(user.userId),
      accountDecider,
      { kind: 'record-login', userId: user.userId, passwordMatched: matched, now },
      {
        metadata: {
          orgUnit: user.orgUnit,
          actor: { kind: 'user', id: user.userId },
          correlationId: uuidv7(),
        },
      },
    );
    const outcome = result.events.map((e) => e.type);
    if (outcome.includes(LoginSucceeded.type)) {
      const grants = await this.directory.liveGrants(user.userId);
      const signer = this.keys.signer();
      return {
        access_token: await signer.sign({ subject: user.userId, kind: 'user', grants }, now),
        token_type: 'Bearer',
        expires_in: signer.ttlSeconds,
      };
    }
    const lockedUntil = result.state.lockedUntil;
    if (lockedUntil && lockedUntil > now) {
      const locked = result.events.find((e) => e.type === AccountLocked.type)?.data as
        EventData<typeof AccountLocked> | undefined;
      const until = locked ? new Date(locked.lockedUntil) : lockedUntil;
      throw tooMany(
        'the account is locked after repeated failed sign-ins; try again later',
        Math.ceil((until.getTime() - now.getTime()) / 1000),
      );
    }
    throw new UnauthorizedException(WRONG);
  }

  async clientToken(
    clientId: string,
    secret: string,
    requested: readonly string[],
    address: string,
  ): Promise<TokenResponse> {
    this.assertBuiltIn();
    const now = this.clock.now();
    if (!this.throttle.allow(address, now.getTime()))
      throw tooMany('too many token requests from this address; try again later', 300);
    const client = await this.directory.client(clientId);
    const hash = client ? await this.directory.credentialHash(client.credentialId) : undefined;
    const matched = await this.passwords.verify(hash, secret);
    if (!client || !matched) {
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
