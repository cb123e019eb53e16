import {
  CaseClosed,
  CaseEntryFiled,
  CaseOpened,
  CaseReopened,
  DomainRuleError,
  NotFoundError,
  type CaseSummary,
  type EventData,
  type NewEvent,
} from '@yuqing/contracts';
import { entryFor, itemEntry, type CapturedItem, type SourceEvent } from './case-entries';
import { decideCase, evolveCase, initialCaseState, type CaseCommand, type CaseState } from './case.decider';
import { DEFAULT_CASE_POLICY } from './case.policy';

// given / when / then for the case file (案卷): opened by the first event about an incident, one entry per event,
// closed (结案) with the summary 第二十六条 asks of 一级 and 二级, refused while reporting obligations are open,
// reopened by a person or by new items (篇一三(三)).

const policy = DEFAULT_CASE_POLICY;
const INCIDENT = '01934f7e-6a2b-7c3d-8e4f-5a6b7c8d9e0f';
const T0 = Date.parse('2026-11-20T00:00:00Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

let eventSeq = 0;
/** An event of another context about the incident, as the archive receives it. */
function source(type: string, data: Record<string, unknown>, minutes: number): SourceEvent {
  eventSeq += 1;
  return {
    eventId: `src-${eventSeq}`,
    type,
    schemaVersion: 1,
    streamId: `${type.split('.')[0]}-incident-${INCIDENT}`,
    streamPosition: eventSeq,
    time: at(minutes),
    data: { incidentId: INCIDENT, ...data },
  };
}

const L2 = { level: 'level-2', exceptional: false } as const;
const L3 = { level: 'level-3', exceptional: false } as const;
const detected = (m = 0) =>
  source('ingestion.IncidentDetected', { title: '某某镇停水三天', itemIds: ['i-1'] }, m);
const confirmed = (grade: typeof L2 | typeof L3, m = 10) =>
  source('grading.GradeConfirmed', { proposalId: 'prop-1', grade }, m);
const opened = (obligationId: string, kind: string, dueMinutes: number, m = 11) =>
  source(
    'reporting.ReportingObligationOpened',
    { obligationId, kind, grade: L2, dueAt: at(dueMinutes).toISOString(), provisional: false },
    m,
  );
const fulfilled = (obligationId: string, kind: string, m: number) =>
  source(
    'reporting.ReportingObligationFulfilled',
    { obligationId, kind, reportId: `rep-${m}`, fulfilledAt: at(m).toISOString(), onTime: true },
    m,
  );
const cancelled = (obligationId: string, kind: string, m: number) =>
  source('reporting.ReportingObligationCancelled', { obligationId, kind, reason: 'grade-changed' }, m);

const SUMMARY: CaseSummary = {
  whatHappened: '某某镇连续停水三天，网民在论坛集中反映。',
  handling: '协调自来水公司连夜抢修，县政府网发布情况说明。',
  lessons: '停水信息应提前公告。',
  outlook: '舆情已平息，持续关注。',
};

/** A case's recorded events and its state, folded as the store would load it. */
class CaseHistory {
  readonly events: NewEvent[] = [];
  state(): CaseState {
    return this.events.reduce(evolveCase, initialCaseState());
  }
  run(command: CaseCommand): NewEvent[] {
    const events = decideCase(command, this.state());
    this.events.push(...events);
    return events;
  }
  file(event: SourceEvent, newItem = false): NewEvent[] {
    const entry = entryFor(event);
    if (!entry) throw new Error(`${event.type} files nothing`);
    return this.run({ kind: 'file', caseId: INCIDENT, entry, newItem, policy });
  }
  close(summary?: CaseSummary): NewEvent[] {
    return this.run({
      kind: 'close',
      caseId: INCIDENT,
      category: '民生诉求',
      tags: ['停水'],
      policy,
      ...(summary ? { summary } : {}),
    });
  }
}

const typesOf = (events: readonly NewEvent[]) => events.map((e) => e.type);

function refusal(f: () => unknown): DomainRuleError {
  try {
    f();
  } catch (error) {
    if (error instanceof DomainRuleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('案卷: filing an incident’s events', () => {
  it('opens the case on the first event about the incident and files it as the first entry', () => {
    const history = new CaseHistory();
    const events = history.file(detected());
    expect(typesOf(events)).toEqual([CaseOpened.type, CaseEntryFiled.type]);
    expect(events[0]!.data).toMatchObject({ caseId: INCIDENT, incidentId: INCIDENT });
    expect(events[1]!.data as EventData<typeof CaseEntryFiled>).toMatchObject({
      caseId: INCIDENT,
      entryKind: 'incident-detected',
      occurredAt: at(0).toISOString(),
      facts: { title: '某某镇停水三天' },
    });
    expect(history.state().status).toBe('open');
  });

  it('files a later event as one entry, without opening again', () => {
    const history = new CaseHistory();
    history.file(detected());
    expect(typesOf(history.file(confirmed(L2)))).toEqual([CaseEntryFiled.type]);
    expect(history.state().grade).toEqual({ level: 'level-2', exceptional: false });
  });

  it('files nothing for a redelivered source event', () => {
    const history = new CaseHistory();
    const event = detected();
    history.file(event);
    history.file(confirmed(L2));
    expect(history.file(event)).toEqual([]);
    expect(history.events).toHaveLength(3);
  });
});

describe('结案: closing a case', () => {
  it('refuses closing a 二级 case without a summary, naming every missing part', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L2));
    const error = refusal(() => history.close());
    expect(error.rule).toBe('archive.summary-incomplete');
    for (const part of ['事件经过', '处置情况', '经验教训', '研判展望'])
      expect(error.message).toContain(part);
  });

  it('names only the parts that are missing or too short', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L2));
    const error = refusal(() => history.close({ ...SUMMARY, lessons: '无', outlook: '  ' }));
    expect(error.field).toBe('summary');
    expect(error.message).toContain('经验教训');
    expect(error.message).toContain('研判展望');
    expect(error.message).not.toContain('事件经过');
    expect(error.message).not.toContain('处置情况');
  });

  it('closes a 二级 case with its summary, citing the level and the rules', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L2));
    const [closed] = history.close(SUMMARY);
    expect(closed!.type).toBe(CaseClosed.type);
    expect(closed!.data as EventData<typeof CaseClosed>).toEqual({
      caseId: INCIDENT,
      level: 'level-2',
      exceptional: false,
      summary: SUMMARY,
      summarySource: 'closing',
      category: '民生诉求',
      tags: ['停水'],
      ruleSetVersion: policy.version,
    });
    expect(history.state().status).toBe('closed');
  });

  it('takes the reported handling summary when none is given at closing', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L2));
    history.file(
      source(
        'reporting.HandlingSummarySubmitted',
        {
          summaryId: 'sum-1',
          obligationId: 'ob-sum',
          whatHappened: SUMMARY.whatHappened,
          howHandled: SUMMARY.handling,
          lessons: SUMMARY.lessons,
          outlook: SUMMARY.outlook,
        },
        3000,
      ),
    );
    const [closed] = history.close();
    expect(closed!.data).toMatchObject({ summary: SUMMARY, summarySource: 'handling-summary' });
  });

  it('closes a 三级 case without a summary', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L3));
    const [closed] = history.close();
    expect(closed!.data).toMatchObject({ level: 'level-3', exceptional: false });
    expect(closed!.data).not.toHaveProperty('summary');
    expect(closed!.data).not.toHaveProperty('summarySource');
  });

  it('refuses closing while reporting obligations are open, listing each with its deadline', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L2));
    history.file(opened('ob-bulletin', 'bulletin', 24 * 60));
    history.file(opened('ob-result', 'handling-result', 48 * 60, 12));
    const error = refusal(() => history.close(SUMMARY));
    expect(error.rule).toBe('archive.obligations-open');
    expect(error.message).toContain('《网上舆情》报送（ob-bulletin，时限 2026-11-21T00:00:00.000Z）');
    expect(error.message).toContain('直办回告（ob-result，时限 2026-11-22T00:00:00.000Z）');
  });

  it('no longer counts an obligation that was fulfilled or cancelled', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L2));
    history.file(opened('ob-bulletin', 'bulletin', 24 * 60));
    history.file(opened('ob-result', 'handling-result', 48 * 60, 12));
    history.file(fulfilled('ob-bulletin', 'bulletin', 600));
    const error = refusal(() => history.close(SUMMARY));
    expect(error.message).toContain('ob-result');
    expect(error.message).not.toContain('ob-bulletin');
    history.file(cancelled('ob-result', 'handling-result', 700));
    expect(typesOf(history.close(SUMMARY))).toEqual([CaseClosed.type]);
  });

  it('refuses closing a closed case, and a case that was never opened', () => {
    const history = new CaseHistory();
    expect(() => history.close()).toThrow(NotFoundError);
    history.file(detected());
    history.close();
    expect(refusal(() => history.close()).rule).toBe('archive.case-closed');
  });
});

describe('重新开启: reopening a case', () => {
  const closedCase = (): CaseHistory => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L3));
    history.close();
    return history;
  };

  it('reopens a closed case with the reason a person gives', () => {
    const history = closedCase();
    const events = history.run({ kind: 'reopen', caseId: INCIDENT, reason: '网民再次发帖反映停水', policy });
    expect(typesOf(events)).toEqual([CaseReopened.type]);
    expect(events[0]!.data).toEqual({
      caseId: INCIDENT,
      reason: '网民再次发帖反映停水',
      ruleSetVersion: policy.version,
    });
    expect(history.state().status).toBe('open');
  });

  it('refuses reopening an open case, or without saying why', () => {
    const history = closedCase();
    expect(
      refusal(() => history.run({ kind: 'reopen', caseId: INCIDENT, reason: ' 再开 ', policy })).field,
    ).toBe('reason');
    history.run({ kind: 'reopen', caseId: INCIDENT, reason: '网民再次发帖反映停水', policy });
    expect(
      refusal(() => history.run({ kind: 'reopen', caseId: INCIDENT, reason: '又有新情况', policy })).rule,
    ).toBe('archive.case-open');
  });

  it('reopens a closed case when a new item is attached, citing the event that did', () => {
    const history = closedCase();
    const attached = source('ingestion.ItemsAttached', { itemIds: ['i-9'] }, 5000);
    const item: CapturedItem = {
      itemId: 'i-9',
      title: '停水又来了',
      outlet: '宜良论坛',
      platform: 'forum',
      reachTier: 'local-forum',
      url: 'https://bbs.example.cn/t/9',
      publishedAt: null,
      capturedAt: at(4990).toISOString(),
    };
    const events = history.run({
      kind: 'file',
      caseId: INCIDENT,
      entry: itemEntry(item, attached),
      newItem: true,
      policy,
    });
    expect(typesOf(events)).toEqual([CaseReopened.type, CaseEntryFiled.type]);
    expect(events[0]!.data).toMatchObject({ reason: '结案后有新的舆情信息归入本事件' });
    expect((events[0]!.data as EventData<typeof CaseReopened>).source?.eventId).toBe(attached.eventId);
    expect(history.state().status).toBe('open');
  });

  it('files what arrives after closing that is not a new item without reopening', () => {
    const history = closedCase();
    expect(typesOf(history.file(confirmed(L2, 6000)))).toEqual([CaseEntryFiled.type]);
    expect(history.state().status).toBe('closed');
  });
});

describe('处置情况总结: the handling summary filed', () => {
  it('files a 三级 handling summary that leaves parts out, as a line without the parts', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L3));
    const summary = source(
      'reporting.HandlingSummarySubmitted',
      { summaryId: 'sum-1', obligationId: 'ob-sum', whatHappened: '停水已恢复，网民诉求解决。' },
      3000,
    );
    const [filed] = history.file(summary);
    expect(filed!.data).toMatchObject({ entryKind: 'handling-summary' });
    expect(filed!.data).not.toHaveProperty('handlingSummary');
  });
});

describe('a long handling summary', () => {
  // reporting allows summary parts of up to 8000 characters; the case takes them as they are, so the event is filed.
  it('files a 二级 handling summary whose part is longer than the case summary allows', () => {
    const history = new CaseHistory();
    history.file(detected());
    history.file(confirmed(L2));
    const summary = source(
      'reporting.HandlingSummarySubmitted',
      {
        summaryId: 'sum-1',
        obligationId: 'ob-sum',
        whatHappened: SUMMARY.whatHappened,
        howHandled: '协调抢修，'.repeat(1200),
        lessons: SUMMARY.lessons,
        outlook: SUMMARY.outlook,
      },
      3000,
    );
    expect(typesOf(history.file(summary))).toEqual([CaseEntryFiled.type]);
  });
});
