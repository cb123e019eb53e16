import { isWithin } from '@yuqing/auth';
import {
  AlreadyExistsError,
  GrantRevoked,
  LoginSucceeded,
  NotFoundError,
  NotPermittedError,
  PasswordChanged,
  RoleGranted,
  UserProfileChanged,
  UserRegistered,
  type EventData,
} from '@yuqing/contracts';
import type { Decider } from '@yuqing/event-store';
import type { NewEvent, RecordedEvent } from '@yuqing/contracts';

// A user account: registration, password, grants and sign-ins. Pure: time comes in with the command.
// Refusals are the contracts' domain errors (409 AlreadyExistsError, 404 NotFoundError, 403 NotPermittedError),
// mapped at the HTTP edge. Its stream is `identityStreams.user.id(userId)`.
// Failed sign-ins are not the account's events (ADR 0004): they are counted by the sign-in throttle, in a table,
// and never lock the account. Older streams may still hold LoginFailed / AccountLocked; they change nothing.

/**
 * Roles whose grant needs an administrator of the unit above the grant's: the ones that decide grades, speak
 * for the unit as its first responsible leader, or read everything for reviews (issue 19).
 */
export const ROLES_GRANTED_FROM_ABOVE: readonly string[] = [
  'grading-authority',
  'principal-leader',
  'auditor',
];

/**
 * Who asks for a reset or a grant: the subject and the outermost units where they hold the permission at stake.
 * Absent when the service itself acts (the demo loader at bootstrap), which the guard did not check.
 */
export interface AccountAuthority {
  readonly subject: string;
  readonly scope: readonly string[];
}

export interface AccountState {
  readonly registered: boolean;
  /** The user's home unit, from UserRegistered. */
  readonly orgUnit?: string;
  /** The name and post documents call the user by, from UserRegistered and UserProfileChanged. */
  readonly profile?: { readonly displayName: string; readonly post?: string };
  readonly grants: ReadonlyMap<string, { role: string; orgUnit: string; revoked: boolean }>;
}

export type AccountCommand =
  | { readonly kind: 'register'; readonly data: EventData<typeof UserRegistered> }
  | {
      readonly kind: 'change-password';
      readonly userId: string;
      readonly credentialId: string;
      readonly by?: AccountAuthority;
    }
  | {
      readonly kind: 'change-profile';
      readonly data: EventData<typeof UserProfileChanged>;
      readonly by?: AccountAuthority;
    }
  | { readonly kind: 'grant'; readonly data: EventData<typeof RoleGranted>; readonly by?: AccountAuthority }
  | { readonly kind: 'revoke'; readonly data: EventData<typeof GrantRevoked> }
  | { readonly kind: 'record-login'; readonly userId: string };

/**
 * Whoever sets a user's password or adds to their grants may sign in as them, or make them more powerful: so they
 * must administer every unit the account reaches (its home unit and each live grant), not only the one named in
 * the request. The refusal names no unit (another unit's id is not the caller's to learn).
 */
function assertAdministers(state: AccountState, by: AccountAuthority | undefined): void {
  if (!by) return;
  const reach = [
    ...(state.orgUnit ? [state.orgUnit] : []),
    ...[...state.grants.values()].filter((g) => !g.revoked).map((g) => g.orgUnit),
  ];
  const outside = reach.some((unit) => !by.scope.some((s) => isWithin(unit, s)));
  if (outside)
    throw new NotPermittedError(
      'identity.account-outside-scope',
      'the user holds grants in units you do not administer; an administrator of all of them must do this',
    );
}

function assertMayGrant(command: { data: EventData<typeof RoleGranted>; by?: AccountAuthority }): void {
  const { data, by } = command;
  if (!by) return;
  if (by.subject === data.userId)
    throw new NotPermittedError('identity.self-grant', 'nobody grants a role to themselves');
  if (!ROLES_GRANTED_FROM_ABOVE.includes(data.role)) return;
  const fromAbove = by.scope.some((s) => s !== data.orgUnit && isWithin(data.orgUnit, s));
  if (!fromAbove)
    throw new NotPermittedError(
      'identity.grant-needs-unit-above',
      `${data.role} is granted by an administrator of the unit above the grant's unit`,
    );
}

function profileOf(d: { displayName: string; post?: string | undefined }): AccountState['profile'] {
  return { displayName: d.displayName, ...(d.post !== undefined ? { post: d.post } : {}) };
}

export const accountDecider: Decider<AccountCommand, AccountState> = {
  initialState: () => ({ registered: false, grants: new Map() }),

  evolve(state, event: RecordedEvent): AccountState {
    switch (event.type) {
      case UserRegistered.type: {
        const d = event.data as EventData<typeof UserRegistered>;
        return {
          ...state,
          registered: true,
          orgUnit: d.orgUnit,
          profile: profileOf(d),
        };
      }
      case UserProfileChanged.type:
        return { ...state, profile: profileOf(event.data as EventData<typeof UserProfileChanged>) };
      case RoleGranted.type: {
        const d = event.data as EventData<typeof RoleGranted>;
        const grants = new Map(state.grants);
        grants.set(d.grantId, { role: d.role, orgUnit: d.orgUnit, revoked: false });
        return { ...state, grants };
      }
      case GrantRevoked.type: {
        const d = event.data as EventData<typeof GrantRevoked>;
        const grants = new Map(state.grants);
        const grant = grants.get(d.grantId);
        if (grant) grants.set(d.grantId, { ...grant, revoked: true });
        return { ...state, grants };
      }
      default:
        return state;
    }
  },

  decide(command, state): readonly NewEvent[] {
    if (command.kind === 'register') {
      if (state.registered) throw new AlreadyExistsError('user-exists', 'the user is already registered');
      return [UserRegistered.create(command.data)];
    }
    if (!state.registered) throw new NotFoundError('the user is not registered');
    switch (command.kind) {
      case 'change-password':
        assertAdministers(state, command.by);
        return [PasswordChanged.create({ userId: command.userId, credentialId: command.credentialId })];
      case 'grant': {
        assertMayGrant(command);
        assertAdministers(state, command.by);
        const same = [...state.grants.values()].some(
          (g) => !g.revoked && g.role === command.data.role && g.orgUnit === command.data.orgUnit,
        );
        if (same)
          throw new AlreadyExistsError('grant-exists', 'the user already holds this role in this unit');
        return [RoleGranted.create(command.data)];
      }
      case 'revoke': {
        const grant = state.grants.get(command.data.grantId);
        if (!grant) throw new NotFoundError('the user holds no such grant');
        if (grant.revoked) return [];
        return [GrantRevoked.create(command.data)];
      }
      case 'change-profile': {
        // What documents print under a signature in every unit the account reaches: its administrators' to say.
        assertAdministers(state, command.by);
        // The same name and post again changes nothing a document would say: no event.
        const now = state.profile;
        if (now && now.displayName === command.data.displayName && now.post === command.data.post) return [];
        return [UserProfileChanged.create(command.data)];
      }
      case 'record-login':
        return [LoginSucceeded.create({ userId: command.userId })];
    }
  },
};
