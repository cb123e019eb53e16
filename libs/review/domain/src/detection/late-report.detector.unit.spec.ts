import {
  at,
  CITY,
  COUNTY,
  detectWith,
  DUTY_OFFICER,
  evidenceIds,
  L1,
  L2,
  ScopeFacts,
} from '../testing/facts';
import { lateReportDetector } from './late-report.detector';

// 迟报 (第二十八条): a report, a transfer's answer or a follow-up task after its deadline, or its deadline passing.

const PHONE = { obligationId: 'ob-phone', kind: 'phone-flash' as const, due: 30 };
const WATER = 'cn.yn.km.yl.sw'; // 县水务局: the department a follow-up task goes to

describe('late-report: reports after their deadline (迟报)', () => {
  it('finds a flash report sent 15 minutes late, against the sender, serious under a 一级 grade', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L1, 2);
    const opened = given.obligationOpened({ ...PHONE, grade: L1 });
    const report = given.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-phone' }, 45);
    const fulfilled = given.obligationFulfilled({ ...PHONE, reportId: 'rep-1' }, 45);

    const found = detectWith(lateReportDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'late-report',
        article: '第二十八条',
        subject: 'obligation:ob-phone',
        incidentId: 'inc-1',
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: DUTY_OFFICER,
        severity: 'serious',
        occurredAt: at(45),
        period: '2026-Q4',
        detector: 'late-report@1',
      }),
    ]);
    expect(found[0]!.summary).toContain('迟报 15 分钟');
    expect(evidenceIds(found[0]!)).toEqual([opened.eventId, report.eventId, fulfilled.eventId]);
  });

  it('finds nothing when the report was on time', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L1, 2);
    given.obligationOpened({ ...PHONE, grade: L1 });
    given.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-phone' }, 25);
    given.obligationFulfilled({ ...PHONE, reportId: 'rep-1' }, 25);

    expect(detectWith(lateReportDetector, given.facts)).toEqual([]);
  });

  it('finds the deadline passing, with no person named, when ReportOverdue comes first; the late report after it makes no second finding', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L2, 2);
    const opened = given.obligationOpened({ obligationId: 'ob-bul', kind: 'bulletin', due: 120, grade: L2 });
    const overdue = given.reportOverdue({ obligationId: 'ob-bul', kind: 'bulletin', due: 120 });

    const first = detectWith(lateReportDetector, given.facts);
    given.bulletinSubmitted({ bulletinId: 'bul-1', obligationId: 'ob-bul', body: '一、基本情况。' }, 150);
    given.obligationFulfilled({ obligationId: 'ob-bul', kind: 'bulletin', reportId: 'bul-1', due: 120 }, 150);
    const later = detectWith(lateReportDetector, given.facts);

    expect(first).toEqual([
      expect.objectContaining({
        kind: 'late-report',
        subject: 'obligation:ob-bul',
        responsibleOrgUnitId: COUNTY,
        severity: 'major',
        occurredAt: at(120),
        period: '2026-Q4',
      }),
    ]);
    expect(first[0]!.responsiblePersonId).toBeUndefined();
    expect(evidenceIds(first[0]!)).toEqual([opened.eventId, overdue.eventId]);
    expect(later).toEqual(first);
  });

  it('finds a late bulletin against its submitter, found by its bulletin id', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L2, 2);
    given.obligationOpened({ obligationId: 'ob-bul', kind: 'bulletin', due: 120, grade: L2 });
    const bulletin = given.bulletinSubmitted(
      { bulletinId: 'bul-1', obligationId: 'ob-bul', body: '一、基本情况。' },
      130,
      'yl.editor',
    );
    given.obligationFulfilled({ obligationId: 'ob-bul', kind: 'bulletin', reportId: 'bul-1', due: 120 }, 130);

    const [found] = detectWith(lateReportDetector, given.facts);

    expect(found).toEqual(expect.objectContaining({ responsiblePersonId: 'yl.editor', severity: 'major' }));
    expect(evidenceIds(found!)).toContain(bulletin.eventId);
  });

  it('rates a late report general when no grade is in force', () => {
    const given = new ScopeFacts();
    given.obligationOpened({ obligationId: 'ob-res', kind: 'handling-result', due: 24 * 60 });
    given.obligationFulfilled(
      { obligationId: 'ob-res', kind: 'handling-result', reportId: 'res-1', due: 24 * 60 },
      25 * 60,
    );

    expect(detectWith(lateReportDetector, given.facts)).toEqual([
      expect.objectContaining({ subject: 'obligation:ob-res', severity: 'general' }),
    ]);
  });

  it('puts an act in the quarter of China Standard Time: 17:00Z on 31 Dec 2026 is 2027-Q1, 15:59Z still 2026-Q4', () => {
    const late = new ScopeFacts('inc-late');
    late.obligationOpened({ ...PHONE, due: '2026-12-31T16:30:00Z' });
    late.obligationFulfilled(
      { ...PHONE, reportId: 'rep-1', due: '2026-12-31T16:30:00Z' },
      '2026-12-31T17:00:00Z',
    );
    const earlier = new ScopeFacts('inc-earlier');
    earlier.obligationOpened({ ...PHONE, due: '2026-12-31T15:00:00Z' });
    earlier.obligationFulfilled(
      { ...PHONE, reportId: 'rep-1', due: '2026-12-31T15:00:00Z' },
      '2026-12-31T15:59:00Z',
    );

    expect(detectWith(lateReportDetector, late.facts)[0]).toEqual(
      expect.objectContaining({ occurredAt: '2026-12-31T17:00:00.000Z', period: '2027-Q1' }),
    );
    expect(detectWith(lateReportDetector, earlier.facts)[0]).toEqual(
      expect.objectContaining({ period: '2026-Q4' }),
    );
  });
});

describe('late-report: transfers answered late or not at all (转办回告超期)', () => {
  const TRANSFER = { transferId: 'tr-1', from: CITY, to: COUNTY, due: 24 * 60 };

  it('finds an answer given two hours after the time limit, against the receiving unit and whoever answered', () => {
    const given = new ScopeFacts('tr-1');
    const owed = given.transferOwed({ ...TRANSFER, transferred: 0 });
    const answered = given.transferAnswered(TRANSFER, 26 * 60);

    const found = detectWith(lateReportDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'late-report',
        subject: 'transfer:tr-1',
        responsibleOrgUnitId: COUNTY,
        responsiblePersonId: DUTY_OFFICER,
        severity: 'general',
        occurredAt: at(26 * 60),
        period: '2026-Q4',
      }),
    ]);
    expect(found[0]!.incidentId).toBeUndefined();
    expect(found[0]!.summary).toContain('超期 120 分钟');
    expect(evidenceIds(found[0]!)).toEqual([owed.eventId, answered.eventId]);
  });

  it('finds nothing for an answer within the time limit', () => {
    const given = new ScopeFacts('tr-1');
    given.transferOwed({ ...TRANSFER, transferred: 0 });
    given.transferAnswered(TRANSFER, 20 * 60);

    expect(detectWith(lateReportDetector, given.facts)).toEqual([]);
  });

  it('finds the time limit passing unanswered, with nobody named; the late answer after it adds nothing', () => {
    const given = new ScopeFacts('tr-1');
    const owed = given.transferOwed({ ...TRANSFER, transferred: 0 });
    const overdue = given.transferOverdue(TRANSFER);
    const first = detectWith(lateReportDetector, given.facts);
    given.transferAnswered(TRANSFER, 30 * 60);

    expect(first).toEqual([
      expect.objectContaining({
        subject: 'transfer:tr-1',
        responsibleOrgUnitId: COUNTY,
        occurredAt: at(24 * 60),
      }),
    ]);
    expect(first[0]!.responsiblePersonId).toBeUndefined();
    expect(evidenceIds(first[0]!)).toEqual([owed.eventId, overdue.eventId]);
    expect(detectWith(lateReportDetector, given.facts)).toEqual(first);
  });
});

describe('late-report: follow-up tasks completed late or not at all (督办超期)', () => {
  const TASK = { taskId: 'task-1', assignee: WATER, due: 48 * 60 };

  it('finds a task completed after its due time, against the assigned department and who completed it', () => {
    const given = new ScopeFacts();
    given.gradeConfirmed(L2, 2);
    const opened = given.taskOpened(TASK, 200);
    const completed = given.taskCompleted(TASK, 50 * 60, 'sw.officer');

    const found = detectWith(lateReportDetector, given.facts);

    expect(found).toEqual([
      expect.objectContaining({
        kind: 'late-report',
        subject: 'task:task-1',
        incidentId: 'inc-1',
        responsibleOrgUnitId: WATER,
        responsiblePersonId: 'sw.officer',
        severity: 'major',
        occurredAt: at(50 * 60),
      }),
    ]);
    expect(evidenceIds(found[0]!)).toEqual([opened.eventId, completed.eventId]);
  });

  it('finds a task overdue at its due time, and nothing for a task completed on time', () => {
    const overdue = new ScopeFacts();
    overdue.taskOpened(TASK, 200);
    overdue.taskOverdue(TASK);
    const onTime = new ScopeFacts();
    onTime.taskOpened(TASK, 200);
    onTime.taskCompleted(TASK, 40 * 60, 'sw.officer');

    const [found] = detectWith(lateReportDetector, overdue.facts);
    expect(found).toEqual(
      expect.objectContaining({
        subject: 'task:task-1',
        responsibleOrgUnitId: WATER,
        occurredAt: at(48 * 60),
      }),
    );
    expect(found!.responsiblePersonId).toBeUndefined();
    expect(detectWith(lateReportDetector, onTime.facts)).toEqual([]);
  });
});
