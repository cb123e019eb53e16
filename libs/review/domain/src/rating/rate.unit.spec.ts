import type { FindingKind, FindingSeverity } from '@yuqing/contracts';
import type { FindingStatus } from '../findings/finding.decider';
import { COUNTY, DUTY_OFFICER, MONITOR, OTHER_COUNTY, TOWN } from '../testing/facts';
import { rate, whatIf, type RatedFinding } from './rate';
import { schemeInForce, type RatingScheme } from './scheme';

// A department's rating for a period (考评): the scheme's base less its confirmed findings' points, the heavier of two
// findings on one subject standing; any confirmed 第二十八条 finding makes 优秀 impossible (不得评为优秀).

const scheme = schemeInForce();

let ids = 0;
function finding(
  kind: FindingKind,
  status: FindingStatus,
  o: { severity?: FindingSeverity; subject?: string; person?: string; unit?: string } = {},
): RatedFinding {
  ids += 1;
  return {
    findingId: `finding-${ids}`,
    kind,
    severity: o.severity ?? 'general',
    subject: o.subject ?? `obligation:ob-${ids}`,
    responsibleOrgUnitId: o.unit ?? COUNTY,
    ...(o.person ? { responsiblePersonId: o.person } : {}),
    status,
  };
}

describe('rate: the rating of a department for a period', () => {
  it('rates a department with no findings 优秀 at the scheme’s base', () => {
    expect(rate(scheme, [])).toEqual({
      schemeVersion: 'review-scheme@1',
      score: 100,
      rating: 'excellent',
      excellentBarred: false,
      lines: [],
      barredPersonIds: [],
    });
  });

  it('counts nothing for a dismissed finding, and shows it as dismissed', () => {
    const dismissed = finding('late-report', 'dismissed', { person: DUTY_OFFICER });

    const rating = rate(scheme, [dismissed]);

    expect(rating).toEqual(
      expect.objectContaining({
        score: 100,
        rating: 'excellent',
        excellentBarred: false,
        barredPersonIds: [],
      }),
    );
    expect(rating.lines).toEqual([
      {
        findingId: dismissed.findingId,
        kind: 'late-report',
        severity: 'general',
        status: 'dismissed',
        points: 0,
        bars: false,
      },
    ]);
  });

  it('deducts a confirmed finding’s points and bars 优秀: qualified at 95, the line showing why', () => {
    const missed = finding('missed-report', 'confirmed', { person: DUTY_OFFICER });

    const rating = rate(scheme, [missed]);

    expect(rating.score).toBe(95);
    expect(rating.score).toBeGreaterThanOrEqual(scheme.excellentFrom);
    expect(rating).toEqual(expect.objectContaining({ rating: 'qualified', excellentBarred: true }));
    expect(rating.lines).toEqual([
      {
        findingId: missed.findingId,
        kind: 'missed-report',
        severity: 'general',
        status: 'confirmed',
        points: scheme.points['missed-report'].general,
        bars: true,
      },
    ]);
    expect(rating.barredPersonIds).toEqual([DUTY_OFFICER]);
  });

  it('deducts by severity: a serious 瞒报 costs the scheme’s serious points', () => {
    const rating = rate(scheme, [finding('concealed-report', 'confirmed', { severity: 'serious' })]);

    expect(rating.score).toBe(100 - scheme.points['concealed-report'].serious);
  });

  it('counts an appealed finding as confirmed: the ruling stands until an appeal overturns it', () => {
    const rating = rate(scheme, [finding('late-report', 'appealed')]);

    expect(rating).toEqual(
      expect.objectContaining({ score: 98, rating: 'qualified', excellentBarred: true }),
    );
    expect(rating.lines[0]).toEqual(expect.objectContaining({ status: 'confirmed', points: 2, bars: true }));
  });

  it('counts nothing for a pending finding and does not bar 优秀: nothing is a violation until ruled', () => {
    const rating = rate(scheme, [finding('leak', 'pending', { severity: 'serious', person: MONITOR })]);

    expect(rating).toEqual(
      expect.objectContaining({
        score: 100,
        rating: 'excellent',
        excellentBarred: false,
        barredPersonIds: [],
      }),
    );
    expect(rating.lines[0]).toEqual(expect.objectContaining({ status: 'pending', points: 0, bars: false }));
  });

  it('counts only the heavier of two findings on one obligation (迟报 and 漏报): the other is superseded', () => {
    const late = finding('late-report', 'confirmed', { severity: 'serious', subject: 'obligation:ob-paper' });
    const missed = finding('missed-report', 'confirmed', {
      severity: 'serious',
      subject: 'obligation:ob-paper',
    });

    const rating = rate(scheme, [late, missed]);

    expect(rating.lines).toEqual([
      expect.objectContaining({ findingId: late.findingId, status: 'superseded', points: 0, bars: true }),
      expect.objectContaining({ findingId: missed.findingId, status: 'confirmed', points: 10, bars: true }),
    ]);
    expect(rating.score).toBe(90);
  });

  it('counts both when one report understates a figure and overstates another (瞒报 and 谎报 are two acts)', () => {
    const concealed = finding('concealed-report', 'confirmed', { subject: 'report:rp-1' });
    const falsely = finding('false-report', 'confirmed', { subject: 'report:rp-1' });

    const rating = rate(scheme, [concealed, falsely]);

    expect(rating.lines.map((line) => [line.status, line.points])).toEqual([
      ['confirmed', 10],
      ['confirmed', 10],
    ]);
    expect(rating.score).toBe(80);
  });

  it('lets a confirmed lighter finding count when the heavier one on its subject is only pending', () => {
    const late = finding('late-report', 'confirmed', { subject: 'obligation:ob-paper' });
    const missed = finding('missed-report', 'pending', { subject: 'obligation:ob-paper' });

    const rating = rate(scheme, [late, missed]);

    expect(rating.lines.map((line) => [line.status, line.points])).toEqual([
      ['confirmed', 2],
      ['pending', 0],
    ]);
    expect(rating.score).toBe(98);
  });

  it('bars every person named by a counting finding, once each, sorted; not those of dismissed or pending ones', () => {
    const rating = rate(scheme, [
      finding('late-report', 'confirmed', { person: MONITOR }),
      finding('late-report', 'confirmed', { person: DUTY_OFFICER }),
      finding('false-report', 'appealed', { person: MONITOR }),
      finding('missed-report', 'dismissed', { person: 'yl.other' }),
      finding('leak', 'pending', { person: 'yl.pending' }),
      finding('poor-handling', 'confirmed'),
    ]);

    expect(rating.barredPersonIds).toEqual([MONITOR, DUTY_OFFICER].sort());
  });

  it('rates 不合格 below the qualifying score', () => {
    const rating = rate(scheme, [
      finding('concealed-report', 'confirmed', { severity: 'serious' }),
      finding('false-report', 'confirmed', { severity: 'serious' }),
      finding('leak', 'confirmed', { severity: 'major' }),
    ]);

    expect(rating).toEqual(expect.objectContaining({ score: 45, rating: 'unqualified' }));
  });
});

describe('whatIf: the ratings a draft scheme would change', () => {
  const CITY_DEPT = 'cn.yn.km.jtj';
  const draft: RatingScheme = {
    ...scheme,
    version: 'review-scheme@2-draft',
    points: {
      ...scheme.points,
      'late-report': { general: 45, major: 50, serious: 55 },
      'guidance-not-done': { general: 4, major: 6, serious: 8 },
    },
  };
  const departments = new Map<string, readonly RatedFinding[]>([
    [TOWN, [finding('guidance-not-done', 'confirmed')]], // 98 → 96: the score changes, still 合格
    [COUNTY, [finding('late-report', 'confirmed')]], // 98 合格 → 55 不合格
    [OTHER_COUNTY, [finding('late-report', 'pending')]], // nothing counts either way
    [CITY_DEPT, [finding('late-report', 'dismissed'), finding('unapproved-release', 'confirmed')]], // untouched kinds
  ]);

  it('lists exactly the departments whose score or grade changes, by unit, saying when the grade does', () => {
    expect(whatIf(scheme, draft, departments)).toEqual([
      {
        orgUnitId: COUNTY,
        current: { score: 98, rating: 'qualified', schemeVersion: 'review-scheme@1' },
        draft: { score: 55, rating: 'unqualified', schemeVersion: 'review-scheme@2-draft' },
        ratingChanged: true,
      },
      {
        orgUnitId: TOWN,
        current: { score: 98, rating: 'qualified', schemeVersion: 'review-scheme@1' },
        draft: { score: 96, rating: 'qualified', schemeVersion: 'review-scheme@2-draft' },
        ratingChanged: false,
      },
    ]);
  });

  it('lists a department whose grade changes though its score does not (a new threshold)', () => {
    const stricter: RatingScheme = { ...scheme, version: 'review-scheme@3-draft', excellentFrom: 101 };

    expect(whatIf(scheme, stricter, new Map([[COUNTY, []]]))).toEqual([
      expect.objectContaining({ orgUnitId: COUNTY, ratingChanged: true }),
    ]);
  });

  it('lists nothing for the scheme in force against itself', () => {
    expect(whatIf(scheme, scheme, departments)).toEqual([]);
  });
});
