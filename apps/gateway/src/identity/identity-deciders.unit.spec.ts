import { PERMISSION_NAMES, roleMay } from '@yuqing/auth';
import {
  AlreadyExistsError,
  INTEGRATOR_SCOPES,
  NotFoundError,
  RegisterClient,
  type NewEvent,
  type RecordedEvent,
} from '@yuqing/contracts';
import type { Decider } from '@yuqing/event-store';
import { clientDecider, type ClientCommand } from './client.decider';
import { orgUnitDecider } from './org-unit.decider';

const now = new Date('2026-11-20T08:00:00Z');

function given<C, S>(decider: Decider<C, S>, ...commands: C[]): S {
  let state = decider.initialState();
  for (const command of commands) {
    const recorded = decider.decide(command, state).map((e: NewEvent, i): RecordedEvent => ({
      eventId: `e-${i}`,
      type: e.type,
      schemaVersion: 1,
      streamId: 's',
      streamPosition: i + 1,
      globalPosition: String(i + 1),
      transactionId: '1',
      data: e.data,
      metadata: { orgUnit: 'cn.yn.km.yl', actor: { kind: 'service', id: 't' }, correlationId: 'c' },
      recordedAt: now,
    }));
    state = recorded.reduce(decider.evolve, state);
  }
  return state;
}

describe('an org unit', () => {
  const create = {
    kind: 'create',
    data: { orgUnit: 'cn.yn.km.yl.kyz', parent: 'cn.yn.km.yl', kind: 'town', name: '匡远街道' },
  } as const;

  it('is created once; again is a 409 naming the rule', () => {
    expect(orgUnitDecider.decide(create, given(orgUnitDecider)).map((e) => e.type)).toEqual([
      'identity.OrgUnitCreated',
    ]);
    const twice = () => orgUnitDecider.decide(create, given(orgUnitDecider, create));
    expect(twice).toThrow(AlreadyExistsError);
    expect(twice).toThrow('org unit cn.yn.km.yl.kyz already exists');
  });
});

describe('a machine client', () => {
  const register: ClientCommand = {
    kind: 'register',
    data: {
      clientId: 'yl-crawler',
      name: '采集程序',
      orgUnit: 'cn.yn.km.yl',
      grantId: 'g-1',
      scopes: ['ingestion.capture-item'],
      credentialId: 'c-1',
    },
  };
  const revoke: ClientCommand = {
    kind: 'revoke',
    data: { grantId: 'g-1', subjectId: 'yl-crawler', reason: '停用' },
  };

  it('is registered once, and its grant is revoked once', () => {
    expect(() => clientDecider.decide(register, given(clientDecider, register))).toThrow(AlreadyExistsError);
    expect(clientDecider.decide(revoke, given(clientDecider, register)).map((e) => e.type)).toEqual([
      'identity.GrantRevoked',
    ]);
    expect(clientDecider.decide(revoke, given(clientDecider, register, revoke))).toEqual([]);
    expect(() => clientDecider.decide(revoke, given(clientDecider))).toThrow(NotFoundError);
  });
});

describe('RegisterClient', () => {
  it('accepts as scopes exactly the permissions @yuqing/auth lets an integrator hold', () => {
    expect([...INTEGRATOR_SCOPES].sort()).toEqual(
      PERMISSION_NAMES.filter((p) => roleMay('integrator', p)).sort(),
    );
  });

  it('refuses any other scope with the same 400 reason as before', () => {
    const result = RegisterClient.safeParse({
      clientId: 'yl-crawler',
      name: '采集',
      orgUnit: 'cn.yn.km.yl',
      scopes: ['events.stream', 'identity.manage-users'],
    });
    expect(result.success ? [] : result.error.issues).toEqual([
      { path: 'scopes[1]', message: 'is not a permission an integrator may hold' },
    ]);
  });
});
