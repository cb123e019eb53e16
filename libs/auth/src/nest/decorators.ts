import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExcludeController,
  ApiExtension,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
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

/** The OpenAPI security scheme every @Permission operation requires (declared by the service kit's document). */
export const BEARER_SCHEME = 'bearer';

/** How an operation finds its org unit, as the `x-yuqing-org-unit` OpenAPI extension says it. */
function describeOrgUnitSource(metadata: PermissionMetadata): Record<string, unknown> | 'none' {
  const source = metadata.orgUnitFrom;
  if (source === 'none') return 'none';
  return {
    from: typeof source === 'string' ? source : source.from,
    ...(typeof source === 'object' ? { resolver: source.resolver } : {}),
    ...(metadata.optional ? { optional: true } : {}),
  };
}

/**
 * Declares what an endpoint needs: a permission of the central table, in the org unit the request concerns. The
 * generated OpenAPI operation requires a bearer token and names the permission (`x-yuqing-permission`) and where
 * the org unit comes from (`x-yuqing-org-unit`).
 */
export function Permission(
  permission: PermissionName,
  options: { orgUnitFrom: OrgUnitSource; optional?: boolean },
): MethodDecorator {
  const metadata: PermissionMetadata = {
    permission,
    orgUnitFrom: options.orgUnitFrom,
    optional: options.optional ?? false,
  };
  return applyDecorators(
    SetMetadata(PERMISSION_METADATA, metadata),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-yuqing-permission', permission),
    ApiExtension('x-yuqing-org-unit', describeOrgUnitSource(metadata)),
    ApiUnauthorizedResponse({ description: 'No valid bearer token (problem details).' }),
    ApiForbiddenResponse({
      description: `The caller may not ${permission} in the org unit the request concerns (problem details).`,
    }),
  );
}

export const FORWARDED_ENDPOINT = 'yuqing:forwarded';

/**
 * Marks a controller whose routes only forward requests to another service (the gateway's routing to
 * `/api/<context>/...`): the guard lets them through without a token, because the service forwarded to
 * authenticates and authorizes every request itself with its own @Permission. It is neither public nor protected here, so the access matrix
 * leaves it out (and lists it), and the OpenAPI document leaves it out: the merged document shows the real
 * operations of the service instead. Never put it on an endpoint that answers by itself.
 */
export function Forwarded(): ClassDecorator {
  return applyDecorators(SetMetadata(FORWARDED_ENDPOINT, true), ApiExcludeController());
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
