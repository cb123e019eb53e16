import { PERMISSION_NAMES, PERMISSIONS, roleMay, rolesFor } from './permissions';
import { ROLE_NAMES } from './roles';

describe('the permission table', () => {
  it('names every permission <context>.<verb-phrase> and only known roles', () => {
    for (const name of PERMISSION_NAMES) {
      expect(name).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*$/);
      for (const role of PERMISSIONS[name].roles) expect(ROLE_NAMES).toContain(role);
    }
  });

  it('lets the auditor read everything and write nothing', () => {
    for (const name of PERMISSION_NAMES) {
      expect(roleMay('auditor', name)).toBe(PERMISSIONS[name].access === 'read');
    }
  });

  it('gives replay and verification to the auditor alone', () => {
    expect([...rolesFor('audit.replay')]).toEqual(['auditor']);
    expect([...rolesFor('audit.verify')]).toEqual(['auditor']);
  });

  it('keeps grade confirmation with the grading authority and sign-off with the principal leader', () => {
    expect([...rolesFor('grading.confirm-grade')]).toEqual(['grading-authority']);
    expect([...rolesFor('reporting.sign-off-bulletin')]).toEqual(['principal-leader']);
    expect(roleMay('monitor', 'grading.confirm-grade')).toBe(false);
  });

  it('lets only the internet office change the org tree, users, grants and clients', () => {
    for (const name of [
      'identity.manage-org-tree',
      'identity.manage-users',
      'identity.grant-roles',
      'identity.manage-clients',
    ] as const) {
      expect([...rolesFor(name)]).toEqual(['internet-office']);
    }
  });

  it('gives an integrator no permission to read the org tree or its users', () => {
    expect(roleMay('integrator', 'identity.read-org-tree')).toBe(false);
    expect(roleMay('integrator', 'identity.read-users')).toBe(false);
    expect(roleMay('integrator', 'ingestion.capture-item')).toBe(true);
  });
});
