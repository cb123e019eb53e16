import { isWithin, outermost } from './org-units';
import { roleMay, type PermissionName } from './permissions';
import type { Grant, Principal } from './principal';

export type AccessDecision =
  | { readonly allowed: true; readonly grant: Grant }
  | { readonly allowed: false; readonly reason: DenialReason; readonly detail: string };

/** Why a request was refused; part of the 403 problem and of the denial log. */
export type DenialReason = 'role-not-permitted' | 'outside-scope' | 'grant-revoked' | 'missing-scope';

/** Grants that have not been revoked. */
export function liveGrants(principal: Principal, revoked: ReadonlySet<string> = new Set()): Grant[] {
  return principal.grants.filter((grant) => !revoked.has(grant.grantId));
}

/**
 * May `principal` exercise `permission` on `orgUnit`? Yes when one live grant has a role that may, in a unit that
 * is the target or one of its ancestors (a user sees and acts on their unit and its descendants, never on a
 * parent, a sibling or another city). Without a target unit (e.g. "who am I") the role alone decides. Pure.
 */
export function decideAccess(
  principal: Principal,
  permission: PermissionName,
  orgUnit: string | undefined,
  revoked: ReadonlySet<string> = new Set(),
): AccessDecision {
  if (principal.kind === 'integrator' && !principal.scopes.includes(permission)) {
    return {
      allowed: false,
      reason: 'missing-scope',
      detail: `the client's token has no scope ${permission}`,
    };
  }
  const live = liveGrants(principal, revoked);
  const permitted = live.filter((grant) => roleMay(grant.role, permission));
  if (permitted.length === 0) {
    if (live.length === 0 && principal.grants.length > 0) {
      return { allowed: false, reason: 'grant-revoked', detail: 'every grant in the token has been revoked' };
    }
    const roles = [...new Set(live.map((grant) => grant.role))].join(', ') || 'none';
    return {
      allowed: false,
      reason: 'role-not-permitted',
      detail: `${permission} needs another role than yours (${roles})`,
    };
  }
  if (orgUnit === undefined) return { allowed: true, grant: permitted[0]! };
  const grant = permitted.find((g) => isWithin(orgUnit, g.orgUnit));
  if (grant) return { allowed: true, grant };
  return {
    allowed: false,
    reason: 'outside-scope',
    detail: `${orgUnit} is outside the org units where you may ${permission} (${outermost(permitted.map((g) => g.orgUnit)).join(', ')})`,
  };
}

/** The outermost org units in which `principal` may exercise `permission`: what a scoped query may return. */
export function scopeOf(
  principal: Principal,
  permission: PermissionName,
  revoked: ReadonlySet<string> = new Set(),
): string[] {
  if (principal.kind === 'integrator' && !principal.scopes.includes(permission)) return [];
  return outermost(
    liveGrants(principal, revoked)
      .filter((grant) => roleMay(grant.role, permission))
      .map((grant) => grant.orgUnit),
  );
}

/** Whether an event or row of `orgUnit` (shared upward with `sharedWith`) is visible within `scope`. */
export function isVisible(
  scope: readonly string[],
  orgUnit: string,
  sharedWith: readonly string[] = [],
): boolean {
  return scope.some((s) => isWithin(orgUnit, s) || sharedWith.some((shared) => isWithin(shared, s)));
}
