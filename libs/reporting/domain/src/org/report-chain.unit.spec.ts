import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { chainBetween, cityOf, levelIn, provinceOf, supervisionOfficeOf } from './report-chain';

const tree = DEFAULT_REPORTING_POLICY.orgTree;

describe('the chain a report climbs (镇 → 县网信办 → 市)', () => {
  it('finds the city and the province of a town by walking up its path', () => {
    expect(cityOf('cn.yn.km.yl.kyz', tree)).toBe('cn.yn.km');
    expect(provinceOf('cn.yn.km.yl.kyz', tree)).toBe('cn.yn');
    expect(cityOf('cn.yn.km', tree)).toBe('cn.yn.km');
  });

  it('lists the levels from a town up to its city, lowest first', () => {
    expect(chainBetween('cn.yn.km.yl.kyz', 'cn.yn.km')).toEqual([
      'cn.yn.km.yl.kyz',
      'cn.yn.km.yl',
      'cn.yn.km',
    ]);
    expect(chainBetween('cn.yn.km', 'cn.yn.km')).toEqual(['cn.yn.km']);
    expect(chainBetween('cn.yn.qj.ql', 'cn.yn.km')).toEqual([]);
  });

  it('counts a report to a level’s internet office as reaching that level, but not a sibling county', () => {
    const chain = chainBetween('cn.yn.km.yl.kyz', 'cn.yn.km');

    expect(levelIn(chain, 'cn.yn.km.yl.wxb', tree)).toBe(1);
    expect(levelIn(chain, 'cn.yn.km.wxb', tree)).toBe(2);
    expect(levelIn(chain, 'cn.yn.km.lg.bgs', tree)).toBe(2);
    expect(levelIn(chain, 'cn.yn.km.sl', tree)).toBe(-1);
    expect(levelIn(chain, 'cn.yn.km.yl.jtj', tree)).toBe(-1);
  });

  it('names the city’s two supervision offices (市委督办室, 市政府督办室)', () => {
    expect(supervisionOfficeOf('cn.yn.km', 'party-committee-supervision-office', tree)).toBe(
      'cn.yn.km.swdbs',
    );
    expect(supervisionOfficeOf('cn.yn.km', 'government-supervision-office', tree)).toBe('cn.yn.km.zfdbs');
  });
});
