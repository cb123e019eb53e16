import {
  at,
  CITY,
  COUNTY,
  detectWith,
  evidenceIds,
  L1,
  L3,
  OTHER_COUNTY,
  POLICY,
  ScopeFacts,
} from '../testing/facts';
import { missedReportDetector } from './missed-report.detector';

// 漏报 (第二十八条): a report owed and never made by the time the handling was declared complete; and an item a higher
// unit found first and transferred down, the unit's own monitoring having missed it beyond the grace time.

const PHONE = { obligationId: 'ob-phone', kind: 'phone-flash' as const, due: 30 };
const PAPER = { obligationId: 'ob-paper', kind: 'paper-flash' as const, due: 60 };

describe('missed-report: a report owed and never made by 处置完毕', () => {
  it('finds the paper flash report of a 一级 incident never sent, at the completion, serious, against the unit', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L1, 2);
    given.obligationOpened({ ...PHONE, grade: L1 });
    const paper = given.obligationOpened({ ...PAPER, grade: L1 });
    given.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-phone' }, 20);
    given.obligationFulfilled({ ...PHONE, reportId: 'rep-1' }, 20);
    const overdue = given.reportOverdue(PAPER);
    const completed = given.handlingCompleted(600);

    const found = detectWith(missedReportDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'missed-report',
        article: '第二十八条',
        subject: 'obligation:ob-paper',
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        severity: 'serious',
        occurredAt: at(600),
        period: '2026-Q4',
        detector: 'missed-report@1',
      }),
    ]);
    expect(found[0]!.responsiblePersonId).toBeUndefined();
    expect(evidenceIds(found[0]!)).toEqual([paper.eventId, overdue.eventId, completed.eventId]);
  });

  it('finds nothing before the handling is complete: the report may still come', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L1, 2);
    given.obligationOpened({ ...PAPER, grade: L1 });
    given.reportOverdue(PAPER);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });

  it('leaves out obligations met, cancelled, and the handling summary (owed from the completion itself)', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L1, 2);
    given.obligationOpened({ ...PHONE, grade: L1 });
    given.obligationOpened({ ...PAPER, grade: L1 });
    given.obligationFulfilled({ ...PHONE, reportId: 'rep-1' }, 20);
    given.obligationCancelled({ obligationId: 'ob-paper', kind: 'paper-flash' }, 25);
    given.obligationOpened({ obligationId: 'ob-sum', kind: 'handling-summary', due: 3 * 24 * 60 }, 500);
    given.handlingCompleted(600);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });

  it('finds an obligation cancelled as 伪舆情 and reopened when judged genuine, if still unmet', () => {
    const given = new ScopeFacts();
    given.obligationOpened({ ...PHONE, grade: L1 });
    given.obligationCancelled(
      { obligationId: 'ob-phone', kind: 'phone-flash', reason: 'judged-fabricated' },
      10,
    );
    given.obligationReopened(PHONE, 40);
    given.handlingCompleted(600);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([
      expect.objectContaining({ subject: 'obligation:ob-phone' }),
    ]);
  });

  it('finds nothing for an obligation reopened and then met: the latest of its closings and reopenings stands', () => {
    const given = new ScopeFacts();
    given.obligationOpened({ ...PHONE, grade: L1 });
    given.obligationCancelled(
      { obligationId: 'ob-phone', kind: 'phone-flash', reason: 'judged-fabricated' },
      10,
    );
    given.obligationReopened(PHONE, 40);
    given.obligationFulfilled({ ...PHONE, reportId: 'rep-1' }, 45);
    given.handlingCompleted(600);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });
});

describe('missed-report: 上级先于本级发现 (a higher unit found it first)', () => {
  const URL = 'https://weibo.com/u/123/post-1';

  /** The city captured the post at T0 and transferred it down at `transferred`; the county records it as item X. */
  function transferredDown(transferred: number, from = CITY) {
    const given = new ScopeFacts();
    const higher = given.itemCaptured({ itemId: 'city-item', url: URL, orgUnit: from }, 0);
    const transfer = given.itemTransferredIn({ itemId: 'x', from, url: URL }, transferred);
    given.itemCaptured({ itemId: 'x', url: URL }, transferred); // the transferred item's own capture, not a find
    return { given, higher, transfer };
  }

  it('finds it when the grace (60 minutes) had passed at the transfer and the unit had captured nothing of the incident', () => {
    const { given, higher, transfer } = transferredDown(90);
    const incident = given.incidentDetected(['x'], 91);

    const found = detectWith(missedReportDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'missed-report',
        article: '第二十八条',
        subject: 'higher-first:x',
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        severity: 'general',
        occurredAt: at(POLICY.higherFirstGraceMinutes),
        period: '2026-Q4',
      }),
    ]);
    expect(found[0]!.responsiblePersonId).toBeUndefined();
    expect(found[0]!.summary).toContain(CITY);
    expect(evidenceIds(found[0]!)).toEqual([higher.eventId, transfer.eventId, incident.eventId]);
  });

  it('finds it too when the unit captured the incident only after the grace ended', () => {
    const { given } = transferredDown(90);
    given.itemCaptured({ itemId: 'own', url: 'https://bbs.example.cn/thread/own' }, 75);
    given.incidentDetected(['x', 'own'], 91);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([
      expect.objectContaining({ subject: 'higher-first:x' }),
    ]);
  });

  it('finds nothing when the unit captured an item of the incident within the grace', () => {
    const { given } = transferredDown(90);
    given.itemCaptured({ itemId: 'own', url: 'https://bbs.example.cn/thread/own' }, 50);
    given.incidentDetected(['x', 'own'], 91);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });

  it('finds nothing when the transfer came within the grace', () => {
    const { given } = transferredDown(30);
    given.incidentDetected(['x'], 31);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });

  it('finds nothing until the item is put in an incident (the evidence is not complete)', () => {
    const { given } = transferredDown(90);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });

  it('finds nothing when the review does not have the higher unit’s own capture: when it found it is unknown', () => {
    const given = new ScopeFacts();
    given.itemTransferredIn({ itemId: 'x', from: CITY, url: URL }, 90);
    given.itemCaptured({ itemId: 'x', url: URL }, 90);
    given.incidentDetected(['x'], 91);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });

  it('finds nothing for a transfer from a unit that is not above (a neighbouring county)', () => {
    const { given } = transferredDown(90, OTHER_COUNTY);
    given.incidentDetected(['x'], 91);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([]);
  });

  it('takes the severity from the grade in force when the grace ended, and finds the item put in by attachment', () => {
    const { given } = transferredDown(90);
    given.gradeConfirmed(L1, 40);
    given.gradeConfirmed(L3, 70);
    given.itemAttached('x', 91);

    expect(detectWith(missedReportDetector, given.facts)).toEqual([
      expect.objectContaining({ subject: 'higher-first:x', severity: 'serious' }),
    ]);
  });
});
