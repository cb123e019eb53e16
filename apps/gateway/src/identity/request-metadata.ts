import type { Request } from 'express';
import { actorOf, type AuthContext } from '@yuqing/auth';
import type { EventMetadata } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';

const CORRELATION = /^[A-Za-z0-9._:-]{1,200}$/;

/** The correlation id a caller sent (`X-Correlation-Id`), or a new one. */
export function correlationOf(request: Request): string {
  const sent = request.headers['x-correlation-id'];
  return typeof sent === 'string' && CORRELATION.test(sent) ? sent : uuidv7();
}

/** Event metadata of a command: the acting user in the role that allowed it, for the unit it concerns. */
export function commandMetadata(auth: AuthContext, orgUnit: string, request: Request): EventMetadata {
  return {
    orgUnit,
    actor: actorOf(auth),
    correlationId: correlationOf(request),
  };
}
