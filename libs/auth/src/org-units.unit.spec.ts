import { ancestorsAndSelf, isOrgUnitPath, isWithin, outermost, parentOf } from './org-units';

describe('org-unit paths', () => {
  it('accepts dotted lower-case segments and refuses anything a LIKE pattern or a path could abuse', () => {
    for (const ok of ['cn', 'cn.yn', 'cn.yn.km', 'cn.yn.km.yl.team-2024-1', 'cn.yn.km.lg.office'])
      expect(isOrgUnitPath(ok)).toBe(true);
    for (const bad of [
      '',
      'CN',
      'cn.',
      '.cn',
      'cn..yn',
      'cn.y_n',
      'cn.%',
      'cn.yn/km',
      'cn.1km',
      'cn.km-',
      'a'.repeat(201),
      3,
    ])
      expect(isOrgUnitPath(bad)).toBe(false);
  });

  it('sees a unit within itself and its ancestors, never within a sibling or a unit sharing a prefix', () => {
    expect(isWithin('cn.yn.km', 'cn.yn.km')).toBe(true);
    expect(isWithin('cn.yn.km.yl.kyz', 'cn.yn.km')).toBe(true);
    expect(isWithin('cn.yn.km', 'cn.yn.km.yl')).toBe(false);
    expect(isWithin('cn.yn.km.sl', 'cn.yn.km.yl')).toBe(false);
    expect(isWithin('cn.yn.kmx', 'cn.yn.km')).toBe(false);
  });

  it('walks up the tree and keeps only the outermost of overlapping scopes', () => {
    expect(parentOf('cn.yn.km')).toBe('cn.yn');
    expect(parentOf('cn')).toBeUndefined();
    expect(ancestorsAndSelf('cn.yn.km')).toEqual(['cn.yn.km', 'cn.yn', 'cn']);
    expect(outermost(['cn.yn.km.yl', 'cn.yn.km', 'cn.yn.qj.xx', 'cn.yn.km'])).toEqual([
      'cn.yn.km',
      'cn.yn.qj.xx',
    ]);
  });
});
