import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { LOGGER, PUBLIC_ENDPOINT } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { decideAccess, scopeOf } from '../access';
import { isOrgUnitPath } from '../org-units';
import type { Principal } from '../principal';
import { InvalidTokenError, TokenVerifier } from '../tokens/token-verifier';
import { DenialLog } from './denial-log';
import {
  FORWARDED_ENDPOINT,
  PERMISSION_METADATA,
  type AuthenticatedRequest,
  type PermissionMetadata,
  type RequestLocation,
} from './decorators';
import { RevocationList } from './revocations';

/** Maps a request value (e.g. a user id) to the org unit of what it names; undefined when there is no such thing. */
export interface OrgUnitResolver {
  resolve(value: string): Promise<string | undefined>;
}

export const ORG_UNIT_RESOLVERS = Symbol('ORG_UNIT_RESOLVERS');
export type OrgUnitResolvers = Readonly<Record<string, abstract new (...args: never[]) => OrgUnitResolver>>;

function valueAt(request: AuthenticatedRequest, location: RequestLocation): unknown {
  const [where, ...rest] = location.split('.');
  const field = rest.join('.');
  const source: unknown =
    where === 'params' ? request.params : where === 'query' ? request.query : (request.body as unknown);
  return typeof source === 'object' && source !== null
    ? (source as Record<string, unknown>)[field]
    : undefined;
}

/**
 * The global guard of every service: no endpoint answers without either @Public or a valid bearer token whose
 * live grants allow the endpoint's @Permission in the org unit the request concerns. An endpoint that declares
 * neither is refused (secure by default). A refusal is a 403 problem with its reason, and is recorded.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(RevocationList) private readonly revocations: RevocationList,
    @Inject(DenialLog) private readonly denials: DenialLog,
    @Inject(ORG_UNIT_RESOLVERS) private readonly resolvers: OrgUnitResolvers,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ENDPOINT, targets)) return true;
    // Forwarded to a service that checks the token and the permission itself (see @Forwarded).
    if (this.reflector.getAllAndOverride<boolean>(FORWARDED_ENDPOINT, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const principal = await this.authenticate(request, response);

    const metadata = this.reflector.getAllAndOverride<PermissionMetadata | undefined>(
      PERMISSION_METADATA,
      targets,
    );
    if (!metadata) {
      // A programming error, refused rather than served: the access matrix test names such endpoints.
      throw new ForbiddenException({ message: 'this endpoint declares no permission', reason: 'undeclared' });
    }
    const orgUnit = await this.targetUnit(request, metadata);
    const revoked = await this.revocations.revokedAmong(principal.grants.map((grant) => grant.grantId));
    const decision = decideAccess(principal, metadata.permission, orgUnit, revoked);
    if (!decision.allowed) {
      const path = request.originalUrl.split('?')[0] ?? request.originalUrl;
      await this.denials
        .record({
          principal,
          permission: metadata.permission,
          orgUnit,
          reason: decision.reason,
          detail: decision.detail,
          method: request.method,
          path,
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'could not record an access denial'));
      this.logger.warn(
        {
          subject: principal.subject,
          permission: metadata.permission,
          orgUnit,
          reason: decision.reason,
          path,
        },
        'access denied',
      );
      // A unit the caller named is theirs to see again; a unit read from a record (an item, a user) is not: the
      // answer then names only the caller's own units, so a 403 is no oracle for where another unit's records are.
      const named = typeof metadata.orgUnitFrom === 'string';
      const message =
        decision.reason === 'outside-scope' && !named
          ? `this is outside the org units where you may ${metadata.permission} (${scopeOf(principal, metadata.permission, revoked).join(', ')})`
          : decision.detail;
      throw new ForbiddenException({
        message,
        reason: decision.reason,
        permission: metadata.permission,
        ...(orgUnit && named ? { orgUnit } : {}),
      });
    }
    request.auth = {
      principal,
      permission: metadata.permission,
      grant: decision.grant,
      ...(orgUnit ? { orgUnit } : {}),
      scope: scopeOf(principal, metadata.permission, revoked),
    };
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, response: Response): Promise<Principal> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
    if (!match) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="yuqing"');
      throw new UnauthorizedException('a bearer token is required');
    }
    try {
      return await this.verifier.verify(match[1]!);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      response.setHeader('WWW-Authenticate', `Bearer realm="yuqing", error="invalid_token"`);
      throw new UnauthorizedException(error.message);
    }
  }

  private async targetUnit(
    request: AuthenticatedRequest,
    metadata: PermissionMetadata,
  ): Promise<string | undefined> {
    const source = metadata.orgUnitFrom;
    if (source === 'none') return undefined;
    const location = typeof source === 'string' ? source : source.from;
    const value = valueAt(request, location);
    if (value === undefined || value === '') {
      if (metadata.optional) return undefined;
      throw new BadRequestException({
        message: `${location} is required`,
        errors: [{ path: location, message: 'is required' }],
      });
    }
    if (typeof value !== 'string' || value.length > 200) {
      throw new BadRequestException({
        message: `${location} is not valid`,
        errors: [{ path: location, message: 'must be a string' }],
      });
    }
    if (typeof source === 'string') {
      if (!isOrgUnitPath(value)) {
        throw new BadRequestException({
          message: `${location} is not an org-unit path`,
          errors: [{ path: location, message: 'must be an org-unit path such as cn.yn.km' }],
        });
      }
      return value;
    }
    const resolverType = this.resolvers[source.resolver];
    if (!resolverType) throw new Error(`no org-unit resolver named ${source.resolver}`);
    const resolver = this.moduleRef.get<OrgUnitResolver>(resolverType, { strict: false });
    const unit = await resolver.resolve(value);
    // Not found and not visible look the same from outside: a 404 reveals nothing of other tenants.
    if (unit === undefined) throw new NotFoundException(`${location.split('.').pop()} ${value} not found`);
    return unit;
  }
}
