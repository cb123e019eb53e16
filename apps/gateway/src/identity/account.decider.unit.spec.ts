import { AlreadyExistsError, type NewEvent, type RecordedEvent } from '@yuqing/contracts';
import { accountDecider, isLocked, type AccountCommand, type AccountState } from './account.decider';

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
const wrong = (at = now): AccountCommand => ({
  kind: 'record-login',
  userId,
  passwordMatched: false,
  now: at,
});
const right = (at = now): AccountCommand => ({
  kind: 'record-login',
  userId,
  passwordMatched: true,
  now: at,
});

describe('a user account', () => {
  it('locks for 15 minutes on the fifth wrong password in a row', () => {
    const state = given(register, wrong(), wrong(), wrong(), wrong());
    expect(accountDecider.decide(wrong(), state).map((e) => [e.type, e.data])).toEqual([
      ['identity.LoginFailed', { userId, reason: 'wrong-password', failuresInARow: 5 }],
      ['identity.AccountLocked', { userId, lockedUntil: '2026-11-20T08:15:00.000Z', failuresInARow: 5 }],
    ]);
  });

  it('refuses even the right password while locked, and accepts it after the lock ends', () => {
    const locked = given(register, wrong(), wrong(), wrong(), wrong(), wrong());
    expect(isLocked(locked, new Date('2026-11-20T08:14:59Z'))).toBe(true);
    expect(accountDecider.decide(right(new Date('2026-11-20T08:10:00Z')), locked)[0]).toMatchObject({
      type: 'identity.LoginFailed',
      data: { reason: 'account-locked' },
    });
    expect(accountDecider.decide(right(new Date('2026-11-20T08:15:01Z')), locked)).toEqual([
      expect.objectContaining({ type: 'identity.LoginSucceeded' }),
    ]);
  });

  it('starts counting again after a successful sign-in', () => {
    const state = given(register, wrong(), wrong(), wrong(), wrong(), right());
    expect(state.failuresInARow).toBe(0);
    expect(accountDecider.decide(wrong(), state)).toHaveLength(1);
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
});
