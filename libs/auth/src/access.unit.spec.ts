import { decideAccess, isVisible, scopeOf } from './access';
import type { Principal } from './principal';

const county = 'cn.yn.km.yl';
const user = (
  grants: Principal['grants'],
  kind: Principal['kind'] = 'user',
  scopes: string[] = [],
): Principal => ({
  subject: 'u-1',
  kind,
  grants,
  scopes,
  expiresAt: new Date('2030-01-01T00:00:00Z'),
});
const office = user([{ grantId: 'g-1', role: 'internet-office', orgUnit: county }]);

describe('deciding access', () => {
  it('allows a role in its own unit and every unit below it', () => {
    expect(decideAccess(office, 'identity.manage-users', county)).toMatchObject({ allowed: true });
    expect(decideAccess(office, 'identity.manage-users', `${county}.kyz.dzb`)).toMatchObject({
      allowed: true,
    });
  });

  it('refuses the parent, a sibling and another city, naming the scope', () => {
    for (const unit of ['cn.yn.km', 'cn.yn.km.sl', 'cn.yn.qj.xx']) {
      expect(decideAccess(office, 'identity.manage-users', unit)).toEqual({
        allowed: false,
        reason: 'outside-scope',
        detail: `${unit} is outside the org units where you may identity.manage-users (${county})`,
      });
    }
  });

  it('refuses a role the permission does not list, wherever the unit', () => {
    const monitor = user([{ grantId: 'g-2', role: 'monitor', orgUnit: county }]);
    expect(decideAccess(monitor, 'grading.confirm-grade', county)).toMatchObject({
      allowed: false,
      reason: 'role-not-permitted',
    });
  });

  it('uses the grant that fits among several and ignores revoked ones', () => {
    const both = user([
      { grantId: 'g-3', role: 'monitor', orgUnit: 'cn.yn.km.sl' },
      { grantId: 'g-4', role: 'internet-office', orgUnit: county },
    ]);
    expect(decideAccess(both, 'identity.grant-roles', county)).toMatchObject({
      allowed: true,
      grant: { grantId: 'g-4' },
    });
    expect(decideAccess(both, 'identity.grant-roles', county, new Set(['g-4']))).toMatchObject({
      allowed: false,
      reason: 'role-not-permitted',
    });
    expect(decideAccess(office, 'identity.grant-roles', county, new Set(['g-1']))).toMatchObject({
      allowed: false,
      reason: 'grant-revoked',
    });
  });

  it('requires an integrator to hold the permission among its scopes', () => {
    const crawler = user([{ grantId: 'c-1', role: 'integrator', orgUnit: county }], 'integrator', [
      'events.stream',
    ]);
    expect(decideAccess(crawler, 'ingestion.capture-item', county)).toMatchObject({
      reason: 'missing-scope',
    });
    expect(decideAccess(crawler, 'events.stream', undefined)).toMatchObject({ allowed: true });
  });

  it('scopes queries to the outermost permitted units and shows what is shared upward', () => {
    const leader = user([
      { grantId: 'g-5', role: 'principal-leader', orgUnit: 'cn.yn.km' },
      { grantId: 'g-6', role: 'principal-leader', orgUnit: county },
      { grantId: 'g-7', role: 'monitor', orgUnit: 'cn.yn.qj' },
    ]);
    expect(scopeOf(leader, 'identity.read-users')).toEqual(['cn.yn.km']);
    expect(scopeOf(leader, 'identity.manage-users')).toEqual([]);
    expect(isVisible([county], `${county}.kyz`)).toBe(true);
    expect(isVisible(['cn.yn.km'], 'cn.yn.qj.xx')).toBe(false);
    expect(isVisible(['cn.yn.km'], `${county}.kyz`, [])).toBe(true);
    expect(isVisible(['cn.yn.km.wxb'], `${county}.kyz`, ['cn.yn.km.wxb'])).toBe(true);
  });
});
