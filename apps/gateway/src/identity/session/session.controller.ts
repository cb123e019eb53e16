import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Public } from '@yuqing/auth';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { clientAddress } from '../login/client-address';
import { LoginService, SignInThrottled } from '../login/login.service';
import { ConsoleSessions, SESSION_COOKIE, type SessionView } from './console-session';
import { sessionCookie } from './cookies';
import { sameToken } from './session.store';

const signInBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

const ENDED = 'the session has ended; sign in again';

/**
 * The console's sign-in: a session in an HttpOnly, SameSite=Strict cookie instead of a token in the page
 * (console-session.ts; docs/console.md). Integrators keep using /api/identity/token and bearer tokens.
 */
@Public()
@Controller('api/session')
export class SessionController {
  constructor(
    @Inject(ConsoleSessions) private readonly sessions: ConsoleSessions,
    @Inject(LoginService) private readonly login: LoginService,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  @Post()
  @HttpCode(200)
  async signIn(
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionView> {
    const { username, password } = signInBody.parse(body);
    const address = clientAddress(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      this.options.trustedProxies ?? [],
    );
    const now = this.sessions.now();
    let user: Awaited<ReturnType<LoginService['authenticate']>>;
    try {
      user = await this.login.authenticate(username, password, address, now);
    } catch (error) {
      if (error instanceof SignInThrottled)
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    // A session that was there before sign-in (another user's, on a shared desk) ends now.
    const previous = await this.sessions.of(request);
    if (previous) await this.sessions.end(previous);
    const { id, session } = await this.sessions.store.create(user.userId, user.credentialId, now);
    response.setHeader(
      'Set-Cookie',
      sessionCookie(SESSION_COOKIE, id, {
        secure: this.sessions.secure(request),
        maxAgeSeconds: Math.floor(this.sessions.store.maxMs / 1000),
      }),
    );
    const view = await this.sessions.view(session);
    if (!view) throw new UnauthorizedException(ENDED);
    return view;
  }

  @Get()
  async current(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionView> {
    response.setHeader('Cache-Control', 'no-store');
    const session = await this.sessions.of(request);
    const view = session ? await this.sessions.view(session) : undefined;
    if (!view) throw new UnauthorizedException(ENDED);
    return view;
  }

  @Delete()
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const session = await this.sessions.of(request);
    if (session) {
      const token = request.headers['x-csrf-token'];
      if (typeof token !== 'string' || !sameToken(token, session.csrfToken)) {
        throw new ForbiddenException({ message: 'the request lacks the session’s CSRF token', rule: 'csrf' });
      }
      await this.sessions.end(session);
    }
    response.setHeader(
      'Set-Cookie',
      sessionCookie(SESSION_COOKIE, 'ended-ended-ended-ended', {
        secure: this.sessions.secure(request),
        maxAgeSeconds: 0,
      }),
    );
  }
}
