import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { PermissionName } from '../permissions';
import type { Grant, Principal } from '../principal';

/** Where in a request the org unit it concerns is: a path parameter, a body field or a query parameter. */
export type RequestLocation = `params.${string}` | `body.${string}` | `query.${string}`;

/**
 * How the guard finds the org unit a request concerns: `'none'` (the permission is checked by role alone, the
 * handler then filters by scope), a request location holding the unit's path, or a named resolver that maps a
 * request value (e.g. a user id) to the unit of the thing it names.
 */
export type OrgUnitSource =
  'none' | RequestLocation | { readonly resolver: string; readonly from: RequestLocation };

export interface PermissionMetadata {
  readonly permission: PermissionName;
  readonly orgUnitFrom: OrgUnitSource;
  /** The location may be absent (a list without a filter): the role decides, the query is scoped. */
  readonly optional: boolean;
}

export const PERMISSION_METADATA = 'yuqing:permission';

/** Declares what an endpoint needs: a permission of the central table, in the org unit the request concerns. */
export function Permission(
  permission: PermissionName,
  options: { orgUnitFrom: OrgUnitSource; optional?: boolean },
): MethodDecorator {
  const metadata: PermissionMetadata = {
    permission,
    orgUnitFrom: options.orgUnitFrom,
    optional: options.optional ?? false,
  };
  return SetMetadata(PERMISSION_METADATA, metadata);
}

/** What the guard established for a request: who, which grant allowed it, and the scope for its queries. */
export interface AuthContext {
  readonly principal: Principal;
  readonly permission: PermissionName;
  /** The grant that allowed the request. */
  readonly grant: Grant;
  /** The org unit the request concerns, when it names one. */
  readonly orgUnit?: string;
  /** Outermost org units where the caller may exercise the permission: pass to scopeCondition. */
  readonly scope: readonly string[];
}

export interface AuthenticatedRequest extends Request {
  auth?: AuthContext;
}

/** The AuthContext of the current request (the endpoint must carry @Permission). */
export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('@Auth() used on an endpoint without @Permission');
  return auth;
});
