import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Auth, isVisible, Permission, RevocationList, scopeOf, type AuthContext } from '@yuqing/auth';
import type { InboxEvent } from '@yuqing/service-kit';
import { EventHub } from './stream.handler';

const HEARTBEAT_MS = 15_000;
const REVOCATION_CHECK_MS = 5_000;

function frame(event: InboxEvent): string {
  const body = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    time: event.time.toISOString(),
    orgUnit: event.orgUnit,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    data: event.data,
  };
  return `id: ${event.eventId}\nevent: ${event.type}\ndata: ${JSON.stringify(body)}\n\n`;
}

/**
 * GET /api/stream: Server-Sent Events of every committed event whose org unit (the payload's `tenant`) lies within
 * the caller's scope for `events.stream`. The stream ends when the token expires or its grants are revoked.
 */
@Controller('api/stream')
export class StreamController {
  constructor(
    @Inject(EventHub) private readonly hub: EventHub,
    @Inject(RevocationList) private readonly revocations: RevocationList,
  ) {}

  @Get()
  @Permission('events.stream', { orgUnitFrom: 'none' })
  stream(@Auth() auth: AuthContext, @Req() request: Request, @Res() response: Response): void {
    let scope = auth.scope;
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`: scope ${scope.join(' ')}\n\n`);

    const unsubscribe = this.hub.subscribe((event) => {
      if (isVisible(scope, event.orgUnit)) response.write(frame(event));
    });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const revocationCheck = setInterval(() => {
      const ids = auth.principal.grants.map((grant) => grant.grantId);
      void this.revocations.revokedAmong(ids).then(
        (revoked) => {
          scope = scopeOf(auth.principal, 'events.stream', revoked);
          if (scope.length === 0) end();
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
