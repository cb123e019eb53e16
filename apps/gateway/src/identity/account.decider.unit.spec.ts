import {
  AccountLocked,
  AlreadyExistsError,
  LoginFailed,
  NotPermittedError,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import { accountDecider, type AccountCommand, type AccountState } from './account.decider';

const userId = '01934f7e-4444-7c3d-8e4f-5a6b7c8d9e0f';
const now = new Date('2026-11-20T08:00:00Z');

function recorded(events: readonly NewEvent[]): RecordedEvent[] {
  return events.map((e, i) => ({
    eventId: `e-${i}`,
    type: e.type,
    schemaVersion: 1,
    streamId: 's',
    streamPosition: i + 1,
    globalPosition: String(i + 1),
    transactionId: '1',
    data: e.data,
    metadata: { orgUnit: 'cn.yn.km', actor: { kind: 'service', id: 't' }, correlationId: 'c' },
    recordedAt: now,
  }));
}

function given(...commands: AccountCommand[]): AccountState {
  let state = accountDecider.initialState();
  for (const command of commands) {
    state = recorded(accountDecider.decide(command, state)).reduce(accountDecider.evolve, state);
  }
  return state;
}

const register: AccountCommand = {
  kind: 'register',
  data: { userId, username: 'yl.monitor', displayName: '监测员', orgUnit: 'cn.yn.km.yl' },
};
const signIn: AccountCommand = { kind: 'record-login', userId };
const grantIn = (role: string, orgUnit: string, grantId = `g-${role}-${orgUnit}`): AccountCommand => ({
  kind: 'grant',
  data: { grantId, userId, role: role as 'monitor', orgUnit },
});

describe('a user account', () => {
  it('records a sign-in; failed ones are not its events, and a lock from an older stream no longer holds', () => {
    const older = recorded([
      LoginFailed.create({ userId, reason: 'wrong-password', failuresInARow: 5 }),
      AccountLocked.create({ userId, lockedUntil: '2026-11-20T08:15:00.000Z', failuresInARow: 5 }),
    ]);
    const state = older.reduce(accountDecider.evolve, given(register));
    expect(accountDecider.decide(signIn, state).map((e) => e.type)).toEqual(['identity.LoginSucceeded']);
  });

  it('lets only an administrator of every unit the account reaches set its password or add to its grants', () => {
    const cityWide = given(register, grantIn('monitor', 'cn.yn.km'));
    const county = { subject: 'county-admin', scope: ['cn.yn.km.yl'] };
    const city = { subject: 'city-admin', scope: ['cn.yn.km'] };
    const reset = (by: typeof county): AccountCommand => ({
      kind: 'change-password',
      userId,
      credentialId: 'c-1',
      by,
    });
    expect(() => accountDecider.decide(reset(county), cityWide)).toThrow(NotPermittedError);
    expect(() =>
      accountDecider.decide({ ...grantIn('monitor', 'cn.yn.km.yl'), by: county } as AccountCommand, cityWide),
    ).toThrow('the user holds grants in units you do not administer');
    expect(accountDecider.decide(reset(city), cityWide)).toHaveLength(1);
    // Once the city-wide grant is revoked, the county administers all the account reaches again.
    const revoked = given(register, grantIn('monitor', 'cn.yn.km', 'g-city'), {
      kind: 'revoke',
      data: { grantId: 'g-city', subjectId: userId, reason: '调岗' },
    });
    expect(accountDecider.decide(reset(county), revoked)).toHaveLength(1);
  });

  it('refuses a role granted to oneself, and leaves the weightiest roles to the unit above', () => {
    const state = given(register);
    const grant = (role: string, orgUnit: string, by: { subject: string; scope: string[] }) =>
      accountDecider.decide({ ...grantIn(role, orgUnit), by } as AccountCommand, state);
    const county = { subject: 'county-admin', scope: ['cn.yn.km.yl'] };
    expect(() => grant('monitor', 'cn.yn.km.yl', { ...county, subject: userId })).toThrow(
      'nobody grants a role to themselves',
    );
    for (const role of ['principal-leader', 'grading-authority', 'auditor']) {
      expect(() => grant(role, 'cn.yn.km.yl', county)).toThrow(
        expect.objectContaining({ rule: 'identity.grant-needs-unit-above' }),
      );
      expect(grant(role, 'cn.yn.km.yl.kyz', county)).toHaveLength(1);
      expect(grant(role, 'cn.yn.km.yl', { subject: 'city-admin', scope: ['cn.yn.km'] })).toHaveLength(1);
    }
    expect(grant('monitor', 'cn.yn.km.yl', county)).toHaveLength(1);
    // The service's own grants (the demo loader at bootstrap) carry no authority to check.
    expect(accountDecider.decide(grantIn('principal-leader', 'cn.yn.km'), state)).toHaveLength(1);
  });

  it('refuses a duplicate grant, revokes once, and names an unknown grant', () => {
    const grant: AccountCommand = {
      kind: 'grant',
      data: { grantId: 'g-1', userId, role: 'monitor', orgUnit: 'cn.yn.km.yl' },
    };
    const state = given(register, grant);
    expect(() => accountDecider.decide(grant, state)).toThrow(AlreadyExistsError);
    const revoke: AccountCommand = {
      kind: 'revoke',
      data: { grantId: 'g-1', subjectId: userId, reason: '调岗' },
    };
    const revoked = given(register, grant, revoke);
    expect(accountDecider.decide(revoke, revoked)).toEqual([]);
    expect(() =>
      accountDecider.decide(
        { kind: 'revoke', data: { grantId: 'g-9', subjectId: userId, reason: 'x' } },
        state,
      ),
    ).toThrow('the user holds no such grant');
  });

  it('changes the name or post documents use, once per change, and only for a registered user', () => {
    const promote: AccountCommand = {
      kind: 'change-profile',
      data: { userId, displayName: '陈明', post: '宜良县网信办主任' },
    };
    expect(() => accountDecider.decide(promote, accountDecider.initialState())).toThrow(
      'the user is not registered',
    );
    const events = accountDecider.decide(promote, given(register));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'identity.UserProfileChanged',
        data: { userId, displayName: '陈明', post: '宜良县网信办主任' },
      }),
    ]);
    const promoted = given(register, promote);
    expect(promoted.profile).toEqual({ displayName: '陈明', post: '宜良县网信办主任' });
    expect(accountDecider.decide(promote, promoted)).toEqual([]);
    // A county administrator may not rename a person who also signs for the city.
    const cityWide = given(register, grantIn('principal-leader', 'cn.yn.km'));
    expect(() =>
      accountDecider.decide({ ...promote, by: { subject: 'admin', scope: ['cn.yn.km.yl'] } }, cityWide),
    ).toThrow(NotPermittedError);
    expect(
      accountDecider.decide({ ...promote, by: { subject: 'admin', scope: ['cn.yn.km'] } }, cityWide),
    ).toHaveLength(1);
    // Leaving the post out is a change too: the person holds none worth naming any more.
    const withoutPost: AccountCommand = { kind: 'change-profile', data: { userId, displayName: '陈明' } };
    expect(accountDecider.decide(withoutPost, promoted)).toHaveLength(1);
  });
});
