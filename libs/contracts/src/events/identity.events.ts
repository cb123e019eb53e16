import { z } from 'zod';
import { defineEvent } from '../define';
import { id, instant, line, list, text } from '../fields';

// Identity (身份与权限): the org tree, users, their roles in org units, machine clients, and sign-in outcomes.
// Every change to who may see and do what is one of these events (apps/gateway, schema `identity`). Published on
// yuqing.identity.events.v1, which every service consumes to stop honouring revoked grants. No event carries a
// password, a password hash, a client secret or a token.

/** Roles held in an org unit (mirrors @yuqing/auth ROLES, checked by a test there). */
export const IDENTITY_ROLES = [
  'monitor',
  'opinion-admin',
  'spokesperson',
  'principal-leader',
  'leading-group-office',
  'special-team-member',
  'grading-authority',
  'internet-office',
  'supervision-office',
  'publicity-department',
  'online-commentator',
  'auditor',
  'integrator',
] as const;

export const ORG_UNIT_KIND_CODES = [
  'province',
  'city',
  'county',
  'town',
  'bureau',
  'department',
  'leading-group',
  'leading-group-office',
  'internet-office',
  'supervision-office',
  'special-team',
] as const;

const ORG_UNIT_PATH = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)*$/;

function orgUnitPath(description: string) {
  return z.string().min(1).max(200).regex(ORG_UNIT_PATH).describe(description);
}

const userId = id('The user (UUIDv7).');
const grantId = id('The grant (UUIDv7); revocation names it.');
const role = z.enum(IDENTITY_ROLES).describe('The role held (角色).');

export const OrgUnitCreated = defineEvent({
  context: 'identity',
  name: 'OrgUnitCreated',
  version: 1,
  description:
    'An org unit (组织机构) was added to the tree: a city, county, town, bureau, department or special unit.',
  data: z.object({
    orgUnit: orgUnitPath(
      'Materialized path, e.g. `cn.yn.km.yl` (宜良县); its parent is the path without the last segment.',
    ),
    parent: orgUnitPath('The parent unit; absent for a root.').optional(),
    kind: z
      .enum(ORG_UNIT_KIND_CODES)
      .describe('What kind of unit (省/市/县/镇/局/部门/领导小组/网信办/督办室/专班).'),
    name: line('Its name, e.g. 宜良县网信办.', 100),
  }),
});

export const UserRegistered = defineEvent({
  context: 'identity',
  name: 'UserRegistered',
  version: 1,
  description: 'A user account (用户) was registered in a home org unit.',
  data: z.object({
    userId,
    username: z
      .string()
      .min(3)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .describe('Sign-in name (登录名), unique.'),
    displayName: line(
      'Name shown in the console, and in the documents this person signs or sends (e.g. 王建国).',
      100,
    ),
    post: line(
      'Post held (职务), as documents name it beside the name, e.g. 宜良县委常委、宣传部部长.',
      100,
    ).optional(),
    orgUnit: orgUnitPath('Home org unit.'),
  }),
});

export const UserProfileChanged = defineEvent({
  context: 'identity',
  name: 'UserProfileChanged',
  version: 1,
  description:
    "A user's name or post (职务) changed. Documents signed or sent before it keep naming the person as they were then.",
  data: z.object({
    userId,
    displayName: line('The name from now on.', 100),
    post: line(
      'The post from now on (职务); absent when the person holds none worth naming.',
      100,
    ).optional(),
  }),
});

export const PasswordChanged = defineEvent({
  context: 'identity',
  name: 'PasswordChanged',
  version: 1,
  description:
    'A password was set or changed (设置密码) for a user. The argon2id hash stays in the identity credential store; this event names the credential, never the password or its hash.',
  data: z.object({
    userId,
    credentialId: id('The stored credential that is now current.'),
  }),
});

export const RoleGranted = defineEvent({
  context: 'identity',
  name: 'RoleGranted',
  version: 1,
  description:
    'A role was granted (授权) to a user in an org unit: what they may see and do there and below.',
  data: z.object({ grantId, userId, role, orgUnit: orgUnitPath('Where the role is held.') }),
});

export const GrantRevoked = defineEvent({
  context: 'identity',
  name: 'GrantRevoked',
  version: 1,
  description:
    'A grant was revoked (撤销授权); every service refuses it from now on, whatever tokens still carry it.',
  data: z.object({
    grantId,
    subjectId: id('The user or machine client that held it.'),
    reason: text('Why.', 500),
  }),
});

export const LoginSucceeded = defineEvent({
  context: 'identity',
  name: 'LoginSucceeded',
  version: 1,
  description: 'A user signed in (登录成功) with the built-in issuer; the failure count starts again.',
  data: z.object({ userId }),
});

export const LoginFailed = defineEvent({
  context: 'identity',
  name: 'LoginFailed',
  version: 1,
  description:
    'A sign-in failed (登录失败) for a known user: a wrong password or a locked account. No password is kept.',
  data: z.object({
    userId,
    reason: z.enum(['wrong-password', 'account-locked']).describe('密码错误 / 账户已锁定.'),
    failuresInARow: z.number().int().min(0).describe('Failures since the last success or lock.'),
  }),
});

export const AccountLocked = defineEvent({
  context: 'identity',
  name: 'AccountLocked',
  version: 1,
  description: 'An account was locked (账户锁定) after repeated sign-in failures, until the given time.',
  data: z.object({
    userId,
    lockedUntil: instant('When sign-in is possible again.'),
    failuresInARow: z.number().int().min(1).describe('The failures that locked it.'),
  }),
});

export const ClientRegistered = defineEvent({
  context: 'identity',
  name: 'ClientRegistered',
  version: 1,
  description:
    'A machine client (接入方, integrator) was registered in an org unit with its scopes; it gets client-credential tokens.',
  data: z.object({
    clientId: id('The client id it authenticates with.'),
    name: line('Who runs it, e.g. 县网信办采集程序.', 100),
    orgUnit: orgUnitPath('Where its integrator role is held.'),
    grantId,
    scopes: list(
      z
        .string()
        .min(1)
        .max(100)
        .regex(/^[a-z]+\.[a-z-]+$/),
      50,
      'Permissions it may use (OAuth scopes).',
    ),
    credentialId: id('The stored secret credential (hash only, kept out of events).'),
  }),
});

export const identityEvents = [
  OrgUnitCreated,
  UserRegistered,
  UserProfileChanged,
  PasswordChanged,
  RoleGranted,
  GrantRevoked,
  LoginSucceeded,
  LoginFailed,
  AccountLocked,
  ClientRegistered,
] as const;
