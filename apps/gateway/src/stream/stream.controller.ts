import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Auth, Permission, RevocationList, type AuthContext } from '@yuqing/auth';
import { frame } from './sse';
import { StreamAccess } from './stream-access';
import { EventHub } from './stream.handler';

const HEARTBEAT_MS = 15_000;
const REVOCATION_CHECK_MS = 5_000;

/**
 * GET /api/stream: Server-Sent Events of every committed event whose org unit (the payload's `tenant`) lies within
 * the caller's scope for `events.stream` and for the permission that reads its type (stream-access.ts): identity's
 * sign-ins and grants only to who may read users. The stream ends when the token expires or its grants are revoked.
 */
@Controller('api/stream')
export class StreamController {
  constructor(
    @Inject(EventHub) private readonly hub: EventHub,
    @Inject(RevocationList) private readonly revocations: RevocationList,
  ) {}

  @Get()
  @Permission('events.stream', { orgUnitFrom: 'none' })
  async stream(@Auth() auth: AuthContext, @Req() request: Request, @Res() response: Response): Promise<void> {
    const ids = auth.principal.grants.map((grant) => grant.grantId);
    // The read permissions' scopes leave out revoked grants from the first event on, as the guard's scope does.
    let access = new StreamAccess(auth.principal, await this.revocations.revokedAmong(ids));
    // Gone while we asked: nothing to stream to, and no 'close' left to end a subscription.
    if (request.socket.destroyed) return;
    const scope = auth.scope;
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`: scope ${scope.join(' ')}\n\n`);

    const unsubscribe = this.hub.subscribe((event) => {
      if (access.mayRead(event.type, event.orgUnit)) response.write(frame(event));
    });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const revocationCheck = setInterval(() => {
      void this.revocations.revokedAmong(ids).then(
        (revoked) => {
          access = new StreamAccess(auth.principal, revoked);
          if (access.streamScope.length === 0) end();
        },
        () => undefined,
      );
    }, REVOCATION_CHECK_MS);
    const expiry = setTimeout(() => end(), Math.max(0, auth.principal.expiresAt.getTime() - Date.now()));
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      unsubscribe();
      clearInterval(heartbeat);
      clearInterval(revocationCheck);
      clearTimeout(expiry);
      response.end();
    };
    request.on('close', end);
  }
}
