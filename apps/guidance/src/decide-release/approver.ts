import { isWithin, roleMay, type AuthContext } from '@yuqing/auth';
import type { Approver } from '@yuqing/guidance-domain';

/**
 * Who asks to approve, as the domain checks it against the grade (第二十一条): the user and the grants that carry
 * the approve permission; live ones only (the guard's scope already leaves revoked grants out).
 */
export function approverOf(auth: AuthContext): Approver {
  return {
    userId: auth.principal.subject,
    grants: auth.principal.grants
      .filter(
        (g) => roleMay(g.role, 'guidance.approve-release') && auth.scope.some((s) => isWithin(g.orgUnit, s)),
      )
      .map((g) => ({ role: g.role, orgUnit: g.orgUnit })),
  };
}
