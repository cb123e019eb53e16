import type { NewEvent } from '@yuqing/contracts';
import { caseAsOf, caseTimeline, type RecordedCaseEvent } from './case-as-of';
import { entryFor, type SourceEvent } from './case-entries';
import { decideCase, evolveCase, initialCaseState, type CaseCommand } from './case.decider';
import { DEFAULT_CASE_POLICY } from './case.policy';

// As of an instant: a 一级 incident driven through proposal, flash reports by phone and on paper, wording, a
// release, the handling summary and closure; folded at three instants against hand-written expectations. Entries
// count by when their context recorded them (occurredAt), not by when the archive filed them.

const policy = DEFAULT_CASE_POLICY;
const INCIDENT = '01934f7e-6a2b-7c3d-8e4f-5a6b7c8d9e0f';
const T0 = Date.parse('2026-11-20T00:00:00Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);
const iso = (minutes: number): string => at(minutes).toISOString();
const L1 = { level: 'level-1', exceptional: false } as const;

/** The case stream as the store records it: each decided event with the archive's recording time. */
class RecordedCase {
  readonly events: RecordedCaseEvent[] = [];
  private seq = 0;

  private decide(command: CaseCommand, recordedAtMinutes: number): void {
    const state = this.events.reduce(evolveCase, initialCaseState());
    const decided: NewEvent[] = decideCase(command, state);
    for (const event of decided)
      this.events.push({ type: event.type, data: event.data, recordedAt: at(recordedAtMinutes) });
  }

  /** Files an event that its context recorded at `minutes`; the archive files it at `filedAt` (late, if later). */
  file(type: string, data: Record<string, unknown>, minutes: number, filedAt = minutes + 0.1): void {
    this.seq += 1;
    const source: SourceEvent = {
      eventId: `src-${this.seq}`,
      type,
      schemaVersion: 1,
      streamId: `${type.split('.')[0]}-incident-${INCIDENT}`,
      streamPosition: this.seq,
      time: at(minutes),
      data: { incidentId: INCIDENT, ...data },
    };
    const entry = entryFor(source);
    if (!entry) throw new Error(`${type} files nothing`);
    this.decide({ kind: 'file', caseId: INCIDENT, entry, newItem: false, policy }, filedAt);
  }

  close(minutes: number): void {
    this.decide({ kind: 'close', caseId: INCIDENT, category: '民生诉求', tags: [], policy }, minutes);
  }
}

const obligation = (obligationId: string, kind: string, dueMinutes: number, provisional: boolean) => ({
  obligationId,
  kind,
  grade: L1,
  dueAt: iso(dueMinutes),
  provisional,
});

/** 08:00 detected; 08:05 一级 proposed, phone (30 min) and paper (1 h) flash obligations opened provisionally;
 * 08:20 confirmed (filed late, at 09:40); phone flash at 08:30 on time; paper flash at 09:10, late (due 09:05);
 * wording v1 approved 08:45, v2 09:20; release published 09:35; summary reported day 2; closed day 3. */
function incident(): RecordedCase {
  const c = new RecordedCase();
  c.file('ingestion.IncidentDetected', { title: '某某镇自来水浑浊', itemIds: ['i-1'] }, 0);
  c.file('grading.GradeProposed', { proposalId: 'prop-1', grade: L1, rationale: '中央媒体关注' }, 5);
  c.file('reporting.ReportingObligationOpened', obligation('ob-phone', 'phone-flash', 35, true), 5);
  c.file('reporting.ReportingObligationOpened', obligation('ob-paper', 'paper-flash', 65, true), 5);
  c.file(
    'reporting.ReportingObligationConfirmed',
    { obligationId: 'ob-phone', kind: 'phone-flash', grade: L1 },
    20,
  );
  c.file(
    'reporting.ReportingObligationConfirmed',
    { obligationId: 'ob-paper', kind: 'paper-flash', grade: L1 },
    20,
  );
  c.file(
    'reporting.FlashReportSent',
    {
      reportId: 'rep-1',
      obligationId: 'ob-phone',
      method: 'phone',
      recipientOrgUnitId: 'org-city',
      summary: '电话快报',
    },
    30,
  );
  c.file(
    'reporting.ReportingObligationFulfilled',
    { obligationId: 'ob-phone', kind: 'phone-flash', dueAt: iso(35), fulfilledAt: iso(30), onTime: true },
    30,
  );
  c.file('guidance.WordingDrafted', { wordingId: 'w-1', version: 1, text: '正在核查。' }, 40);
  c.file('guidance.WordingApproved', { wordingId: 'w-1', version: 1 }, 45);
  // The grading consumer lagged: the confirmation of 08:20 reaches the archive at 09:40.
  c.file('grading.GradeConfirmed', { proposalId: 'prop-1', grade: L1 }, 20, 100);
  c.file('reporting.ReportOverdue', { obligationId: 'ob-paper', kind: 'paper-flash', dueAt: iso(65) }, 65);
  c.file(
    'reporting.FlashReportSent',
    {
      reportId: 'rep-2',
      obligationId: 'ob-paper',
      method: 'paper',
      recipientOrgUnitId: 'org-city',
      summary: '书面快报',
    },
    70,
  );
  c.file(
    'reporting.ReportingObligationFulfilled',
    { obligationId: 'ob-paper', kind: 'paper-flash', dueAt: iso(65), fulfilledAt: iso(70), onTime: false },
    70,
  );
  c.file('guidance.WordingDrafted', { wordingId: 'w-1', version: 2, text: '水质已达标。' }, 75);
  c.file('guidance.WordingApproved', { wordingId: 'w-1', version: 2 }, 80);
  c.file('guidance.ReleasePrepared', { releaseId: 'rel-1', channel: '县政府网', text: '情况通报' }, 85);
  c.file('guidance.ReleaseApproved', { releaseId: 'rel-1' }, 90);
  c.file(
    'guidance.ReleasePublished',
    { releaseId: 'rel-1', channel: '县政府网', url: 'https://www.example.gov.cn/t/1', text: '情况通报' },
    95,
  );
  c.file(
    'reporting.HandlingSummarySubmitted',
    {
      summaryId: 'sum-1',
      obligationId: 'ob-sum',
      whatHappened: '某某镇自来水浑浊，网民集中反映。',
      howHandled: '水务部门排查管网并发布水质检测结果。',
      lessons: '应及时公开水质信息。',
      outlook: '舆情平息，持续关注。',
    },
    2 * 24 * 60,
  );
  c.close(3 * 24 * 60);
  return c;
}

describe('as of an instant (auditors)', () => {
  it('before grading: the proposal is open and both flash reports are owed provisionally', () => {
    expect(caseAsOf(incident().events, at(10))).toEqual({
      caseId: INCIDENT,
      at: iso(10),
      status: 'open',
      title: '某某镇自来水浑浊',
      grade: null,
      openProposal: { proposalId: 'prop-1', level: 'level-1', exceptional: false, since: iso(5) },
      obligations: [
        {
          obligationId: 'ob-phone',
          kind: 'phone-flash',
          dueAt: iso(35),
          provisional: true,
          status: 'pending',
          onTime: null,
          closedAt: null,
        },
        {
          obligationId: 'ob-paper',
          kind: 'paper-flash',
          dueAt: iso(65),
          provisional: true,
          status: 'pending',
          onTime: null,
          closedAt: null,
        },
      ],
      approvedWording: null,
      releases: [],
      entries: 4,
    });
  });

  it('between the phone and the paper flash report: graded (though filed later), phone sent, paper owed', () => {
    expect(caseAsOf(incident().events, at(50))).toEqual({
      caseId: INCIDENT,
      at: iso(50),
      status: 'open',
      title: '某某镇自来水浑浊',
      grade: { level: 'level-1', exceptional: false, by: 'confirmed', since: iso(20) },
      openProposal: null,
      obligations: [
        {
          obligationId: 'ob-phone',
          kind: 'phone-flash',
          dueAt: iso(35),
          provisional: false,
          status: 'fulfilled',
          onTime: true,
          closedAt: iso(30),
        },
        {
          obligationId: 'ob-paper',
          kind: 'paper-flash',
          dueAt: iso(65),
          provisional: false,
          status: 'pending',
          onTime: null,
          closedAt: null,
        },
      ],
      approvedWording: { wordingId: 'w-1', version: 1, since: iso(45) },
      releases: [],
      // detected, proposed, 2 opened, 2 confirmed, confirmation of the grade, phone flash, fulfilled, v1 drafted, v1 approved
      entries: 11,
    });
  });

  it('counts the paper flash overdue once its time limit has passed unsent', () => {
    const paper = caseAsOf(incident().events, at(67)).obligations.find((o) => o.obligationId === 'ob-paper');
    expect(paper).toMatchObject({ status: 'overdue', closedAt: null });
    // A minute before the limit it was still owed in time.
    expect(caseAsOf(incident().events, at(64)).obligations[1]!.status).toBe('pending');
  });

  it('after closure: closed, every obligation met, the last approved wording, the release published', () => {
    const events = incident().events;
    expect(caseAsOf(events, at(3 * 24 * 60 + 1))).toEqual({
      caseId: INCIDENT,
      at: iso(3 * 24 * 60 + 1),
      status: 'closed',
      title: '某某镇自来水浑浊',
      grade: { level: 'level-1', exceptional: false, by: 'confirmed', since: iso(20) },
      openProposal: null,
      obligations: [
        {
          obligationId: 'ob-phone',
          kind: 'phone-flash',
          dueAt: iso(35),
          provisional: false,
          status: 'fulfilled',
          onTime: true,
          closedAt: iso(30),
        },
        {
          obligationId: 'ob-paper',
          kind: 'paper-flash',
          dueAt: iso(65),
          provisional: false,
          status: 'fulfilled',
          onTime: false,
          closedAt: iso(70),
        },
      ],
      approvedWording: { wordingId: 'w-1', version: 2, since: iso(80) },
      releases: [
        { releaseId: 'rel-1', status: 'published', since: iso(95), url: 'https://www.example.gov.cn/t/1' },
      ],
      entries: 20,
    });
    // The day before closing it was still open.
    expect(caseAsOf(events, at(3 * 24 * 60 - 1)).status).toBe('open');
  });

  it('knows nothing before the first event about the incident', () => {
    expect(caseAsOf(incident().events, at(-1))).toMatchObject({
      status: 'none',
      title: null,
      grade: null,
      obligations: [],
      entries: 0,
    });
  });
});

describe('obligations and closings as of an instant', () => {
  it('tells cancelled and carried-over obligations from met ones, and a reopening by a new item', () => {
    const c = new RecordedCase();
    c.file('ingestion.IncidentDetected', { title: '工地欠薪', itemIds: ['i-1'] }, 0);
    c.file(
      'grading.GradeConfirmed',
      { proposalId: 'prop-1', grade: { level: 'level-3', exceptional: false } },
      5,
    );
    c.file('reporting.ReportingObligationOpened', obligation('ob-result', 'handling-result', 600, false), 5);
    c.file('reporting.ReportingObligationOpened', obligation('ob-bulletin', 'bulletin', 1440, false), 6);
    c.file('reporting.ReportingObligationCancelled', { obligationId: 'ob-bulletin', kind: 'bulletin' }, 30);
    c.file(
      'reporting.ReportingObligationCarriedOver',
      { obligationId: 'ob-result', kind: 'handling-result', toIncidentId: 'other' },
      40,
    );
    c.close(100);
    // The archive reopens on a new item the source recorded at 200 and it filed at 201.
    const state = c.events.reduce(evolveCase, initialCaseState());
    const entry = entryFor({
      eventId: 'src-late',
      type: 'ingestion.IncidentDetected',
      schemaVersion: 1,
      streamId: `ingestion-incident-${INCIDENT}`,
      streamPosition: 99,
      time: at(200),
      data: { incidentId: INCIDENT, title: '工地欠薪', itemIds: ['i-2'] },
    })!;
    for (const event of decideCase(
      { kind: 'file', caseId: INCIDENT, entry: { ...entry, kind: 'item' }, newItem: true, policy },
      state,
    ))
      c.events.push({ type: event.type, data: event.data, recordedAt: at(201) });

    const statuses = (m: number) =>
      caseAsOf(c.events, at(m)).obligations.map((o) => [o.obligationId, o.status, o.closedAt]);
    expect(statuses(20)).toEqual([
      ['ob-result', 'pending', null],
      ['ob-bulletin', 'pending', null],
    ]);
    expect(statuses(50)).toEqual([
      ['ob-result', 'carried-over', iso(40)],
      ['ob-bulletin', 'cancelled', iso(30)],
    ]);
    expect(caseAsOf(c.events, at(150)).status).toBe('closed');
    expect(caseAsOf(c.events, at(200)).status).toBe('open');
    expect(caseTimeline(c.events, at(100), at(300)).map((i) => i.kind)).toEqual([
      'case-closed',
      'case-reopened',
      'item',
    ]);
  });
});

describe('the timeline between two instants', () => {
  it('lists the entries that occurred in [from, to], in the order they occurred', () => {
    const items = caseTimeline(incident().events, at(20), at(45));
    expect(items.map((i) => [i.occurredAt, i.kind, i.source?.eventType])).toEqual([
      [iso(20), 'obligation-opened', 'reporting.ReportingObligationConfirmed'],
      [iso(20), 'obligation-opened', 'reporting.ReportingObligationConfirmed'],
      [iso(20), 'grade-in-force', 'grading.GradeConfirmed'],
      [iso(30), 'report-sent', 'reporting.FlashReportSent'],
      [iso(30), 'obligation-closed', 'reporting.ReportingObligationFulfilled'],
      [iso(40), 'wording', 'guidance.WordingDrafted'],
      [iso(45), 'wording', 'guidance.WordingApproved'],
    ]);
  });

  it('includes the closing as a step of its own', () => {
    const items = caseTimeline(incident().events, at(2 * 24 * 60), at(4 * 24 * 60));
    expect(items.map((i) => i.kind)).toEqual(['handling-summary', 'case-closed']);
    expect(items[1]).toMatchObject({ occurredAt: iso(3 * 24 * 60), summary: '结案（民生诉求）' });
  });
});
