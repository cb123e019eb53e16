import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type NestMiddleware,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ConsoleSessions } from './console-session';
import { sameToken } from './session.store';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request from the console carries the session cookie and no Authorization header: the gateway checks the
 * session (and, for a state-changing method, its CSRF token in X-CSRF-Token), then authorizes the request with the
 * session's access token as if the caller had sent it, for its own routes and the services it forwards to. A
 * request with a bearer token is the integrators' and is left alone; /api/session does its own checks.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(@Inject(ConsoleSessions) private readonly sessions: ConsoleSessions) {}

  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    try {
      const path = request.path;
      if (!path.startsWith('/api/') || path === '/api/session' || request.headers.authorization)
        return next();
      if (!this.sessions.idOf(request)) return next();
      const session = await this.sessions.of(request);
      if (!session) {
        throw new UnauthorizedException({
          message: 'the session has ended; sign in again',
          rule: 'session-ended',
        });
      }
      if (!SAFE.has(request.method)) {
        const token = request.headers['x-csrf-token'];
        if (typeof token !== 'string' || !sameToken(token, session.csrfToken)) {
          throw new ForbiddenException({
            message: 'the request lacks the session’s CSRF token',
            rule: 'csrf',
          });
        }
      }
      request.headers.authorization = `Bearer ${await this.sessions.bearer(session)}`;
      next();
    } catch (error) {
      next(error);
    }
  }
}
