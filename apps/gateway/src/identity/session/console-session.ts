import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PERMISSION_NAMES, roleMay, type Grant, type PermissionName } from '@yuqing/auth';
import { Clock } from '@yuqing/service-kit';
import { Directory } from '../../read-models/directory/directory.read-model';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { LoginService } from '../login/login.service';
import { readCookie } from './cookies';
import { SessionStore, type Session } from './session.store';

export const SESSION_COOKIE = 'yuqing_session';

/** What the console learns about its session: who, with which grants and permissions, and its CSRF token. */
export interface SessionView {
  readonly subject: string;
  readonly username: string;
  readonly displayName: string;
  readonly orgUnit: string;
  readonly grants: readonly Grant[];
  /** Every permission one of the grants' roles holds (where, the grants say): for what the console shows. */
  readonly permissions: readonly PermissionName[];
  /** Sent back as X-CSRF-Token on every state-changing request; kept in the page's memory only. */
  readonly csrfToken: string;
  readonly expiresAt: string;
}

interface CachedToken {
  readonly token: string;
  readonly until: number;
}

const MAX_CACHED = 10_000;

/**
 * The console's session as the gateway uses it: a cookie's session found (or not), and the access token it stands
 * for, minted with the grants in force and kept until a minute before it expires. A password changed since sign-in
 * ends the session.
 */
@Injectable()
export class ConsoleSessions {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    @Inject(SessionStore) readonly store: SessionStore,
    @Inject(LoginService) private readonly login: LoginService,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** The cookie's id, if the request carries one of ours. */
  idOf(request: Request): string | undefined {
    return readCookie(request.headers.cookie, SESSION_COOKIE);
  }

  /** The live session of the request's cookie, or undefined (none, ended, expired, password changed). */
  async of(request: Request): Promise<Session | undefined> {
    const id = this.idOf(request);
    if (!id) return undefined;
    const now = this.now();
    const session = await this.store.use(id, now);
    if (!session) return undefined;
    const profile = await this.directory.profile(session.userId);
    if (!profile || profile.credentialId !== session.credentialId) {
      await this.end(session);
      return undefined;
    }
    return session;
  }

  async end(session: Session): Promise<void> {
    this.tokens.delete(session.idHash);
    await this.store.end(session.idHash, this.now());
  }

  /** A bearer token for the session's user, reused while it has more than a minute left. */
  async bearer(session: Session): Promise<string> {
    const now = this.now();
    const cached = this.tokens.get(session.idHash);
    if (cached && cached.until > now.getTime()) return cached.token;
    const { access_token, expires_in } = await this.login.userToken(session.userId, now);
    if (this.tokens.size >= MAX_CACHED) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(session.idHash, {
      token: access_token,
      until: now.getTime() + Math.max(0, expires_in - 60) * 1000,
    });
    return access_token;
  }

  async view(session: Session): Promise<SessionView | undefined> {
    const profile = await this.directory.profile(session.userId);
    if (!profile) return undefined;
    const grants = await this.directory.liveGrants(session.userId);
    const permissions = PERMISSION_NAMES.filter((permission) =>
      grants.some((grant) => roleMay(grant.role, permission)),
    );
    return {
      subject: session.userId,
      username: profile.username,
      displayName: profile.displayName,
      orgUnit: profile.orgUnit,
      grants,
      permissions,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** Secure cookies over HTTPS: the connection's, or a trusted proxy's X-Forwarded-Proto. */
  secure(request: Request): boolean {
    if (request.secure) return true;
    const peer = request.socket.remoteAddress ?? '';
    const proxies = this.options.trustedProxies ?? [];
    const trusted = proxies.some((p) => peer === p || peer === `::ffff:${p}`);
    return trusted && request.headers['x-forwarded-proto'] === 'https';
  }
}
