import type { Actor } from '@yuqing/contracts';
import type { AuthContext } from '@yuqing/auth';

/** The actor recorded on events: who called, in which role (the grant that allowed the request). */
export function actorOf(auth: AuthContext): Actor {
  return {
    kind: auth.principal.kind === 'integrator' ? 'integrator' : 'user',
    id: auth.principal.subject,
    role: auth.grant.role,
  };
}
