export {
  ancestorsAndSelf,
  childOf,
  isOrgUnitPath,
  isWithin,
  ORG_UNIT_KINDS,
  outermost,
  parentOf,
} from './org-units';
export type { OrgUnitKind } from './org-units';
export { HUMAN_ROLES, isRole, ROLE_NAMES, ROLES } from './roles';
export type { Role } from './roles';
export { isPermission, PERMISSION_NAMES, PERMISSIONS, roleMay, rolesFor } from './permissions';
export type { PermissionName, PermissionSpec } from './permissions';
export type { Grant, Principal } from './principal';
export { decideAccess, isVisible, liveGrants, scopeOf } from './access';
export type { AccessDecision, DenialReason } from './access';
export { scopeCondition } from './scope-sql';
export type { ScopeCondition, ScopeConditionOptions } from './scope-sql';
export { InvalidTokenError, TokenVerifier } from './tokens/token-verifier';
export type { TokenVerifierOptions } from './tokens/token-verifier';
export { generateSigningKey, TokenSigner } from './tokens/token-signer';
export { isLoopbackHost, jwksUrlProblem, jwksUrlSchema } from './tokens/jwks-url';
export type { AccessTokenSubject, SigningKey, TokenSignerOptions } from './tokens/token-signer';
export { Public, PUBLIC_ENDPOINT } from '@yuqing/service-kit';
export {
  Auth,
  BEARER_SCHEME,
  Forwarded,
  FORWARDED_ENDPOINT,
  Permission,
  PERMISSION_METADATA,
} from './nest/decorators';
export type {
  AuthContext,
  AuthenticatedRequest,
  OrgUnitSource,
  PermissionMetadata,
  RequestLocation,
} from './nest/decorators';
export { AuthGuard, ORG_UNIT_RESOLVERS } from './nest/auth.guard';
export type { OrgUnitResolver, OrgUnitResolvers } from './nest/auth.guard';
export { AuthModule } from './nest/auth.module';
export type { AuthModuleOptions } from './nest/auth.module';
export { DenialLog } from './nest/denial-log';
export type { Denial, RecordedDenial } from './nest/denial-log';
export { GRANT_REVOKED, RevocationList, RevocationsHandler } from './nest/revocations';
export { authMigrations } from './nest/auth-schema';
export { actorOf } from './nest/actor';
export { CommandRoute, Ctx } from './nest/command-context';
