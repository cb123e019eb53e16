import type { Actor } from '@yuqing/contracts';
import type { AuthContext } from './decorators';

/** The actor recorded on events: who called, in the role of the grant that allowed the request. */
export function actorOf(auth: AuthContext): Actor {
  return { kind: auth.principal.kind, id: auth.principal.subject, role: auth.grant.role };
}
