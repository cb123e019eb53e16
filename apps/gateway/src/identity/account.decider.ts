import {
  AccountLocked,
  AlreadyExistsError,
  GrantRevoked,
  LoginFailed,
  LoginSucceeded,
  NotFoundError,
  PasswordChanged,
  RoleGranted,
  UserRegistered,
  type EventData,
} from '@yuqing/contracts';
import type { Decider } from '@yuqing/event-store';
import type { NewEvent, RecordedEvent } from '@yuqing/contracts';

// A user account: registration, password, grants and sign-in outcomes. Pure: time comes in with the command.
// Refusals are the contracts' domain errors (409 AlreadyExistsError, 404 NotFoundError), mapped at the HTTP edge.
// Its stream is `identityStreams.user.id(userId)`.

export const LOCKOUT = { failures: 5, minutes: 15 } as const;

export interface AccountState {
  readonly registered: boolean;
  readonly grants: ReadonlyMap<string, { role: string; orgUnit: string; revoked: boolean }>;
  readonly failuresInARow: number;
  readonly lockedUntil?: Date;
}

export type AccountCommand =
  | { readonly kind: 'register'; readonly data: EventData<typeof UserRegistered> }
  | { readonly kind: 'change-password'; readonly userId: string; readonly credentialId: string }
  | { readonly kind: 'grant'; readonly data: EventData<typeof RoleGranted> }
  | { readonly kind: 'revoke'; readonly data: EventData<typeof GrantRevoked> }
  | {
      readonly kind: 'record-login';
      readonly userId: string;
      readonly passwordMatched: boolean;
      readonly now: Date;
    };

export function isLocked(state: AccountState, now: Date): boolean {
  return state.lockedUntil !== undefined && state.lockedUntil.getTime() > now.getTime();
}

export const accountDecider: Decider<AccountCommand, AccountState> = {
  initialState: () => ({ registered: false, grants: new Map(), failuresInARow: 0 }),

  evolve(state, event: RecordedEvent): AccountState {
    switch (event.type) {
      case UserRegistered.type:
        return { ...state, registered: true };
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
      case LoginFailed.type:
        return { ...state, failuresInARow: (event.data as EventData<typeof LoginFailed>).failuresInARow };
      case AccountLocked.type:
        return {
          ...state,
          failuresInARow: 0,
          lockedUntil: new Date((event.data as EventData<typeof AccountLocked>).lockedUntil),
        };
      case LoginSucceeded.type: {
        const { lockedUntil: _unlocked, ...rest } = state;
        return { ...rest, failuresInARow: 0 };
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
        return [PasswordChanged.create({ userId: command.userId, credentialId: command.credentialId })];
      case 'grant': {
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
      case 'record-login': {
        const { userId, now } = command;
        if (isLocked(state, now)) {
          return [
            LoginFailed.create({ userId, reason: 'account-locked', failuresInARow: state.failuresInARow }),
          ];
        }
        if (command.passwordMatched) return [LoginSucceeded.create({ userId })];
        const failuresInARow = state.failuresInARow + 1;
        const failed = LoginFailed.create({ userId, reason: 'wrong-password', failuresInARow });
        if (failuresInARow < LOCKOUT.failures) return [failed];
        const lockedUntil = new Date(now.getTime() + LOCKOUT.minutes * 60_000).toISOString();
        return [failed, AccountLocked.create({ userId, lockedUntil, failuresInARow })];
      }
    }
  },
};
