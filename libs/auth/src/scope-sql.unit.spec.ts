import { scopeCondition } from './scope-sql';

describe('the scope condition of a read-model query', () => {
  it('matches the units and everything below them, with numbered parameters', () => {
    expect(scopeCondition(['cn.yn.km', 'cn.yn.qj.xx'], { column: 'i.org_unit', firstParam: 3 })).toEqual({
      sql: '((i.org_unit = any($3::text[]) or i.org_unit like any($4::text[])))',
      params: [
        ['cn.yn.km', 'cn.yn.qj.xx'],
        ['cn.yn.km.%', 'cn.yn.qj.xx.%'],
      ],
    });
  });

  it('matches nothing for an empty scope', () => {
    expect(scopeCondition([], { column: 'org_unit' })).toEqual({ sql: 'false', params: [] });
  });

  it('refuses column names and units that are not plain identifiers and paths', () => {
    expect(() => scopeCondition(['cn'], { column: 'org_unit; drop table x' })).toThrow('invalid column name');
    expect(() => scopeCondition(["cn' or 1=1 --"], { column: 'org_unit' })).toThrow('invalid org unit');
  });
});
