import {
  at,
  COUNTY,
  detectWith,
  DUTY_OFFICER,
  evidenceIds,
  L1,
  L2,
  L3,
  MONITOR,
  OTHER_COUNTY,
  ScopeFacts,
  TOWN,
} from '../testing/facts';
import { reportedFactsDetector } from './reported-facts.detector';

// What a unit reported against what its own records showed when it reported: 瞒报 (less than it knew, a lower
// grade than in force, a downgrade reversed on evidence it already had) and 谎报 (more than it had verified).

const INJURED = (value: number) => ({ name: '受伤人数', value, unit: '人' });
const CARS = (value: number) => ({ name: '受损车辆', value, unit: '辆' });

/** A 一级 incident whose item the county verified at minute 20: 5 injured, 2 cars. */
function verifiedIncident() {
  const given = new ScopeFacts();
  given.gradeConfirmed(L1, 2);
  given.obligationOpened({ obligationId: 'ob-paper', kind: 'paper-flash', due: 60, grade: L1 });
  given.itemCaptured({ itemId: 'item-1' }, 5);
  const verified = given.itemVerified({ itemId: 'item-1', figures: [INJURED(5), CARS(2)] }, 20);
  return { given, verified };
}

describe('reported-facts: figures against those the unit had verified', () => {
  it('finds 瞒报 when a flash report states fewer injured than the unit had verified, against the sender', () => {
    const { given, verified } = verifiedIncident();
    const report = given.flashReportSent(
      { reportId: 'rep-1', obligationId: 'ob-paper', figures: [INJURED(3)] },
      40,
    );

    const found = detectWith(reportedFactsDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'concealed-report',
        article: '第二十八条',
        subject: 'report:rep-1',
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: DUTY_OFFICER,
        severity: 'serious',
        occurredAt: at(40),
        period: '2026-Q4',
        detector: 'reported-facts@1',
      }),
    ]);
    expect(found[0]!.summary).toContain('受伤人数报 3人，已核实 5人');
    expect(evidenceIds(found[0]!)).toEqual([verified.eventId, report.eventId]);
  });

  it('finds 谎报 when a report states more than the unit had verified', () => {
    const { given, verified } = verifiedIncident();
    const report = given.flashReportSent(
      { reportId: 'rep-1', obligationId: 'ob-paper', figures: [INJURED(8)] },
      40,
    );

    const found = detectWith(reportedFactsDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'false-report',
        subject: 'report:rep-1',
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: DUTY_OFFICER,
        severity: 'serious',
      }),
    ]);
    expect(evidenceIds(found[0]!)).toEqual([verified.eventId, report.eventId]);
  });

  it('finds both when one figure is understated and another overstated', () => {
    const { given } = verifiedIncident();
    given.flashReportSent(
      { reportId: 'rep-1', obligationId: 'ob-paper', figures: [INJURED(3), CARS(4)] },
      40,
    );

    expect(detectWith(reportedFactsDetector, given.facts).map((f) => f.kind)).toEqual([
      'concealed-report',
      'false-report',
    ]);
  });

  it('finds nothing when the figures equal those verified, or name what was never verified', () => {
    const { given } = verifiedIncident();
    given.flashReportSent(
      { reportId: 'rep-1', obligationId: 'ob-paper', figures: [INJURED(5), { name: '围观人数', value: 40 }] },
      40,
    );
    given.bulletinSubmitted({ bulletinId: 'bul-1', obligationId: 'ob-paper', body: '一、基本情况。' }, 50);

    expect(detectWith(reportedFactsDetector, given.facts)).toEqual([]);
  });

  it('compares with the latest verification before the report, not one after it', () => {
    const { given } = verifiedIncident();
    given.itemVerified({ itemId: 'item-1', figures: [INJURED(3)] }, 30);
    given.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-paper', figures: [INJURED(3)] }, 40);
    given.itemVerified({ itemId: 'item-1', figures: [INJURED(9)] }, 50);

    expect(detectWith(reportedFactsDetector, given.facts)).toEqual([]);
  });

  it('compares only with what the reporting unit or units below it verified', () => {
    const given = new ScopeFacts();
    given.itemVerified({ itemId: 'item-1', figures: [INJURED(5)], orgUnit: OTHER_COUNTY }, 20);
    given.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-paper', figures: [INJURED(3)] }, 40);
    const below = new ScopeFacts();
    below.itemVerified({ itemId: 'item-1', figures: [INJURED(5)], orgUnit: TOWN }, 20);
    below.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-paper', figures: [INJURED(3)] }, 40);

    expect(detectWith(reportedFactsDetector, given.facts)).toEqual([]);
    expect(detectWith(reportedFactsDetector, below.facts)).toEqual([
      expect.objectContaining({ kind: 'concealed-report', severity: 'general' }),
    ]);
  });
});

describe('reported-facts: the grade a report states against the grade in force', () => {
  it('finds 瞒报 when a bulletin calls a 一级 incident 二级', () => {
    const given = new ScopeFacts();
    const graded = given.gradeConfirmed(L1, 2);
    const bulletin = given.bulletinSubmitted(
      { bulletinId: 'bul-1', obligationId: 'ob-paper', body: '一、基本情况。', statedGrade: L2 },
      40,
    );

    const found = detectWith(reportedFactsDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'concealed-report',
        subject: 'report:bul-1',
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: DUTY_OFFICER,
        severity: 'serious',
      }),
    ]);
    expect(found[0]!.summary).toContain('报称二级，报送时定级为一级');
    expect(evidenceIds(found[0]!)).toEqual([graded.eventId, bulletin.eventId]);
  });

  it('finds nothing when the stated grade is the one in force, or more severe', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L2, 2);
    given.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-1', statedGrade: L2 }, 40);
    given.flashReportSent({ reportId: 'rep-2', obligationId: 'ob-1', statedGrade: L1 }, 50);

    expect(detectWith(reportedFactsDetector, given.facts)).toEqual([]);
  });
});

describe('reported-facts: a downgrade reversed on evidence that existed when it was made', () => {
  /** 一级 confirmed; an item captured at 50; the monitor downgrades to 三级 at 60. */
  function downgraded() {
    const given = new ScopeFacts();
    given.gradeConfirmed(L1, 2);
    const earlier = given.itemCaptured({ itemId: 'item-early' }, 50);
    const downgrade = given.gradeDowngraded({ from: L1, to: L3 }, 60, MONITOR);
    return { given, earlier, downgrade };
  }

  it('finds 瞒报 against who downgraded, serious as the 一级 it hid, when the escalation rests on an item captured before', () => {
    const { given, earlier, downgrade } = downgraded();
    const escalation = given.gradeEscalated({ from: L3, to: L1, itemIds: ['item-early'] }, 200);

    const found = detectWith(reportedFactsDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'concealed-report',
        subject: `downgrade:${downgrade.eventId}`,
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: MONITOR,
        severity: 'serious',
        occurredAt: at(60),
        period: '2026-Q4',
      }),
    ]);
    expect(evidenceIds(found[0]!)).toEqual([downgrade.eventId, earlier.eventId, escalation.eventId]);
  });

  it('finds nothing when the escalation rests only on items captured after the downgrade', () => {
    const { given } = downgraded();
    given.itemCaptured({ itemId: 'item-late' }, 150);
    given.gradeEscalated({ from: L3, to: L1, itemIds: ['item-late'] }, 200);

    expect(detectWith(reportedFactsDetector, given.facts)).toEqual([]);
  });

  it('finds nothing when the escalation does not restore the grade lowered, or there is none', () => {
    const { given } = downgraded();
    expect(detectWith(reportedFactsDetector, given.facts)).toEqual([]);

    given.gradeEscalated({ from: L3, to: L2, itemIds: ['item-early'] }, 200);
    expect(detectWith(reportedFactsDetector, given.facts)).toEqual([]);
  });
});

describe('reported-facts: a judgement of 伪舆情 reversed on evidence that existed when it was made', () => {
  it('finds 瞒报 against who judged it fabricated, when the genuine verdict rests on an item captured before', () => {
    const given = new ScopeFacts();
    const earlier = given.itemCaptured({ itemId: 'item-early' }, 50);
    const dismissal = given.genuinenessJudged({ verdict: 'fabricated' }, 60, MONITOR);
    const reversal = given.genuinenessJudged(
      { verdict: 'genuine', itemIds: ['item-early'] },
      300,
      DUTY_OFFICER,
    );

    const found = detectWith(reportedFactsDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'concealed-report',
        subject: `dismissal:${dismissal.eventId}`,
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: MONITOR,
        article: '第二十八条',
      }),
    ]);
    expect(evidenceIds(found[0]!)).toEqual([dismissal.eventId, earlier.eventId, reversal.eventId]);
  });

  it('finds nothing when the genuine verdict rests only on items captured after the judgement, or never comes', () => {
    const later = new ScopeFacts();
    later.genuinenessJudged({ verdict: 'fabricated' }, 60);
    later.itemCaptured({ itemId: 'item-late' }, 120);
    later.genuinenessJudged({ verdict: 'genuine', itemIds: ['item-late'] }, 300);
    const standing = new ScopeFacts();
    standing.itemCaptured({ itemId: 'item-early' }, 50);
    standing.genuinenessJudged({ verdict: 'fabricated' }, 60);

    expect(detectWith(reportedFactsDetector, later.facts)).toEqual([]);
    expect(detectWith(reportedFactsDetector, standing.facts)).toEqual([]);
  });
});
