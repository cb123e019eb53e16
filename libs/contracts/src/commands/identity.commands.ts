import { z } from 'zod';
import { defineCommand } from '../define';
import { IDENTITY_ROLES, ORG_UNIT_KIND_CODES } from '../events/identity.events';

// Public identity commands (身份与权限): the org tree, users, their passwords and grants, machine clients. The
// schemas are the gateway controllers' bodies as they were, so invalid input gets the same 400 as before; ids
// named in the URL (the user, the grant) join the payload. Passwords travel only in commands, never in events.

/** The permissions a machine client may hold as scopes (mirrors @yuqing/auth, checked by a gateway test). */
export const INTEGRATOR_SCOPES = [
  'identity.read-self',
  'events.stream',
  'ingestion.capture-item',
  'ingestion.read-items',
  'guidance.read-releases',
] as const;

const orgUnit = z.string().min(1).max(200);
/** The post (职务) documents name beside a signer's name. */
const post = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('The post held (职务), e.g. 宜良县委常委、宣传部部长.');
const password = z.string().min(12, 'at least 12 characters').max(200);
/** An id from the URL: the resolver has already found it, so only its size is bounded here. */
const pathId = (description: string) => z.string().min(1).max(200).describe(description);

export const CreateOrgUnit = defineCommand({
  context: 'identity',
  name: 'CreateOrgUnit',
  version: 1,
  description:
    'Add an org unit (组织机构) directly under a unit in your scope; its path is `<parent>.<segment>`.',
  payload: z.strictObject({
    parent: z.string().min(1).max(200).describe('The unit it sits under, e.g. `cn.yn.km.yl`.'),
    segment: z
      .string()
      .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and inner hyphens')
      .max(40)
      .describe('The last segment of its path, e.g. `kyz`.'),
    kind: z.enum(ORG_UNIT_KIND_CODES).describe('What kind of unit it is.'),
    name: z.string().trim().min(1).max(100).describe('Its name, e.g. 匡远街道.'),
  }),
});

export const RegisterUser = defineCommand({
  context: 'identity',
  name: 'RegisterUser',
  version: 1,
  description:
    'Register a user (用户) in an org unit, optionally with a first password; roles are granted apart.',
  payload: z.strictObject({
    username: z
      .string()
      .min(3)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ -')
      .describe('The sign-in name, unique.'),
    displayName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('The name shown, and signed under (e.g. 王建国).'),
    post: post.optional(),
    orgUnit: orgUnit.describe('Home org unit.'),
    password: password.optional().describe('A first password (stored only as an argon2id hash).'),
  }),
});

export const ChangeUserProfile = defineCommand({
  context: 'identity',
  name: 'ChangeUserProfile',
  version: 1,
  description:
    "Change a user's name or post (职务): what documents they sign or send from now on call them. Documents already signed keep the name and post of their day.",
  payload: z.strictObject({
    userId: pathId('The user (from the URL).'),
    displayName: z.string().trim().min(1).max(100).describe('The name from now on.'),
    post: post.optional().describe('The post from now on; leave it out for none.'),
  }),
});

export const ChangePassword = defineCommand({
  context: 'identity',
  name: 'ChangePassword',
  version: 1,
  description:
    "Set a user's password (设置密码); it is stored only as an argon2id hash, and the event names the credential.",
  payload: z.strictObject({
    userId: pathId('The user (from the URL).'),
    password: password.describe('The new password.'),
  }),
});

export const GrantRole = defineCommand({
  context: 'identity',
  name: 'GrantRole',
  version: 1,
  description: 'Grant a user a role (授权) in an org unit: what they may see and do there and below.',
  payload: z.strictObject({
    userId: pathId('The user (from the URL).'),
    role: z.enum(IDENTITY_ROLES).describe('The role (角色); `integrator` is for machine clients only.'),
    orgUnit: orgUnit.describe('Where the role is held.'),
  }),
});

export const RevokeGrant = defineCommand({
  context: 'identity',
  name: 'RevokeGrant',
  version: 1,
  description: 'Revoke a grant (撤销授权) of a user or a machine client; every service stops honouring it.',
  payload: z.strictObject({
    grantId: pathId('The grant (from the URL).'),
    reason: z.string().trim().min(1).max(500).describe('Why (理由), e.g. 调离岗位.'),
  }),
});

export const RegisterClient = defineCommand({
  context: 'identity',
  name: 'RegisterClient',
  version: 1,
  description:
    'Register a machine client (接入方, integrator) in an org unit with its scopes; the secret is shown once.',
  payload: z.strictObject({
    clientId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .min(3)
      .max(64)
      .describe('The client id it authenticates with.'),
    name: z.string().trim().min(1).max(100).describe('Who runs it, e.g. 县网信办采集程序.'),
    orgUnit: orgUnit.describe('Where its integrator role is held.'),
    scopes: z
      .array(
        z
          .string()
          .refine(
            (s) => (INTEGRATOR_SCOPES as readonly string[]).includes(s),
            'is not a permission an integrator may hold',
          ),
      )
      .min(1)
      .max(50)
      .describe('Permissions it may use (OAuth scopes).'),
  }),
});

export const identityCommands = [
  CreateOrgUnit,
  RegisterUser,
  ChangeUserProfile,
  ChangePassword,
  GrantRole,
  RevokeGrant,
  RegisterClient,
] as const;
