import { IDENTITY_ROLES } from '@yuqing/contracts';
import { HUMAN_ROLES, ROLE_NAMES } from './roles';

describe('roles', () => {
  it('are exactly the roles the identity events carry', () => {
    expect([...ROLE_NAMES].sort()).toEqual([...IDENTITY_ROLES].sort());
  });

  it('keep the integrator role for machine clients', () => {
    expect(HUMAN_ROLES).not.toContain('integrator');
    expect(HUMAN_ROLES).toHaveLength(ROLE_NAMES.length - 1);
  });
});
