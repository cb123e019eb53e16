import {
  applyDecorators,
  createParamDecorator,
  HttpCode,
  Post,
  Put,
  type ExecutionContext,
} from '@nestjs/common';
import { uuidv7 } from '@yuqing/event-store';
import { commandHeadersOf, type CommandContext } from '@yuqing/service-kit';
import { actorOf } from './actor';
import type { PermissionName } from '../permissions';
import { Permission, type AuthenticatedRequest, type OrgUnitSource } from './decorators';

/**
 * The CommandContext of the current request (the endpoint must carry @Permission): the guard's AuthContext, and
 * the Idempotency-Key, If-Match and X-Correlation-Id headers read the one way (a bad key or version is a 400
 * naming the header; a bad correlation id is replaced by a new one).
 */
export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const auth = request.auth;
  if (!auth) throw new Error('@Ctx() used on an endpoint without @Permission');
  const { correlationId, ...retry } = commandHeadersOf(request.headers);
  return {
    actor: actorOf(auth),
    caller: { kind: auth.principal.kind, id: auth.principal.subject },
    ...(auth.orgUnit !== undefined ? { orgUnit: auth.orgUnit } : {}),
    scope: auth.scope,
    correlationId: correlationId ?? uuidv7(),
    ...retry,
  };
});

/**
 * A command endpoint: the route, its status (201 for a POST, 200 for a PUT unless told) and its @Permission, as
 * one decorator. The route and permission metadata are those the three decorators would set one by one.
 */
export function CommandRoute(
  method: 'POST' | 'PUT',
  path: string,
  permission: PermissionName,
  options: { readonly orgUnitFrom: OrgUnitSource; readonly optional?: boolean; readonly status?: number },
): MethodDecorator {
  const { status, ...access } = options;
  return applyDecorators(
    method === 'POST' ? Post(path) : Put(path),
    HttpCode(status ?? (method === 'POST' ? 201 : 200)),
    Permission(permission, access),
  );
}
