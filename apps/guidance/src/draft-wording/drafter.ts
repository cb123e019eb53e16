import { isWithin, roleMay, type AuthContext } from '@yuqing/auth';
import type { Drafter } from '@yuqing/guidance-domain';

/**
 * Who asks to draft, as the domain checks it against the plan's drafter roles (三同步): the user and the grants that
 * carry the draft permission; live ones only (the guard's scope already leaves revoked grants out).
 */
export function drafterOf(auth: AuthContext): Drafter {
  return {
    userId: auth.principal.subject,
    grants: auth.principal.grants
      .filter(
        (g) => roleMay(g.role, 'guidance.draft-wording') && auth.scope.some((s) => isWithin(g.orgUnit, s)),
      )
      .map((g) => ({ role: g.role, orgUnit: g.orgUnit })),
  };
}
