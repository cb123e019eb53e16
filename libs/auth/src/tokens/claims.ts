import { z } from 'zod';
import { isOrgUnitPath } from '../org-units';
import { isRole } from '../roles';

/** Claims yuqing puts in (and requires of) an access token, beside the registered iss/aud/exp/nbf/iat/jti. */
export const yuqingClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  /** Whether the subject is a person or a machine client. */
  yq_kind: z.enum(['user', 'integrator']),
  /** The grants the subject holds: `{ id, role, unit }`. Revocation names the id. */
  yq_grants: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        role: z.string().refine(isRole, 'is not a known role'),
        unit: z.string().refine(isOrgUnitPath, 'is not an org-unit path'),
      }),
    )
    .max(100),
  /** Space-separated OAuth scopes (machine clients). */
  scope: z.string().max(4000).optional(),
  jti: z.string().max(200).optional(),
  exp: z.number(),
});

export type YuqingClaims = z.infer<typeof yuqingClaimsSchema>;
