import { CaseEntryFiled } from '@yuqing/contracts';
import { entryFor, itemEntry, type SourceEvent } from './case-entries';

// What each context's event files in the case (案卷): its kind, a short Chinese line, the facts the case is folded
// by as of a moment, and the link to the event. Captured text is hostile: bounded, never interpreted.

const INCIDENT = '01934f7e-6a2b-7c3d-8e4f-5a6b7c8d9e0f';
const TIME = new Date('2026-11-20T00:40:00Z');

function source(type: string, data: Record<string, unknown>, extra: Partial<SourceEvent> = {}): SourceEvent {
  return {
    eventId: 'evt-1',
    type,
    schemaVersion: 1,
    streamId: `${type.split('.')[0]}-incident-${INCIDENT}`,
    streamPosition: 7,
    time: TIME,
    data: { incidentId: INCIDENT, ...data },
    ...extra,
  };
}

describe('entryFor: what an event files', () => {
  it('files a grade confirmation as the grade in force, linked to its event', () => {
    const entry = entryFor(
      source(
        'grading.GradeConfirmed',
        { proposalId: 'prop-1', grade: { level: 'level-2', exceptional: false } },
        { hash: 'a'.repeat(64) },
      ),
    );
    expect(entry).toEqual({
      kind: 'grade-in-force',
      summary: '定级机关确认二级',
      occurredAt: '2026-11-20T00:40:00.000Z',
      source: {
        context: 'grading',
        eventId: 'evt-1',
        eventType: 'grading.GradeConfirmed',
        schemaVersion: 1,
        streamId: `grading-incident-${INCIDENT}`,
        streamPosition: 7,
        hash: 'a'.repeat(64),
        recordedAt: '2026-11-20T00:40:00.000Z',
      },
      facts: { level: 'level-2', exceptional: false, by: 'confirmed' },
    });
  });

  it('files an escalation to 特别重大 with its reason', () => {
    const entry = entryFor(
      source('grading.GradeEscalated', {
        from: { level: 'level-2', exceptional: false },
        to: { level: 'level-1', exceptional: true },
        trigger: 'grew-through-poor-handling',
        reason: '省级媒体转载。',
      }),
    );
    expect(entry).toMatchObject({
      kind: 'grade-in-force',
      summary: '定级机关升级为一级（特别重大）：省级媒体转载。',
      facts: { level: 'level-1', exceptional: true, by: 'escalated' },
    });
  });

  it('files an obligation opened with its kind and deadline', () => {
    const entry = entryFor(
      source('reporting.ReportingObligationOpened', {
        obligationId: 'ob-1',
        kind: 'phone-flash',
        dueAt: '2026-11-20T00:45:00.000Z',
        provisional: true,
      }),
    );
    expect(entry).toMatchObject({
      kind: 'obligation-opened',
      summary: '电话/短信快报 (30分钟内)，时限 2026-11-20T00:45:00.000Z（按拟定一级，暂定）',
      facts: {
        obligationId: 'ob-1',
        kind: 'phone-flash',
        dueAt: '2026-11-20T00:45:00.000Z',
        provisional: true,
      },
    });
    expect(entry!.source.context).toBe('reporting');
  });

  it('files a release published with its status and address', () => {
    const entry = entryFor(
      source('guidance.ReleasePublished', {
        releaseId: 'release-1',
        channel: '宜良交通 政务微博',
        url: 'https://weibo.com/yljt/5012345678901234',
        text: '【情况通报】已封闭塌陷路段。',
      }),
    );
    expect(entry).toMatchObject({
      kind: 'release',
      summary: '已发布（宜良交通 政务微博）：【情况通报】已封闭塌陷路段。',
      facts: { releaseId: 'release-1', status: 'published', url: 'https://weibo.com/yljt/5012345678901234' },
    });
  });

  it('files nothing for an event it does not keep', () => {
    expect(entryFor(source('reporting.ReportReminderDue', { obligationId: 'ob-1' }))).toBeUndefined();
    expect(entryFor(source('identity.UserRegistered', { userId: 'u-1' }))).toBeUndefined();
  });

  it('bounds hostile captured text to one short line, and the entry still files', () => {
    const hostile = `${'<script>alert(1)</script>\n\t'.repeat(400)}尾`;
    const entry = entryFor(source('ingestion.IncidentDetected', { title: hostile, itemIds: ['i-1'] }))!;
    expect(entry.summary.length).toBeLessThanOrEqual(1000);
    expect(entry.facts['title']).toHaveLength(200);
    expect(entry.summary).not.toMatch(/[\n\t]/);
    expect(String(entry.facts['title']).endsWith('…')).toBe(true);
    // The bounded entry passes the event's contract (what the decider appends).
    expect(() =>
      CaseEntryFiled.create({
        caseId: INCIDENT,
        entryKind: entry.kind,
        summary: entry.summary,
        occurredAt: entry.occurredAt,
        source: entry.source,
        facts: { ...entry.facts },
      }),
    ).not.toThrow();
  });

  it('bounds a captured item’s outlet, title and address in its entry', () => {
    const entry = itemEntry(
      {
        itemId: 'i-1',
        title: '标题'.repeat(500),
        outlet: '网'.repeat(300),
        platform: 'p'.repeat(300),
        reachTier: 'provincial-media',
        url: `https://example.cn/${'x'.repeat(2000)}`,
        publishedAt: null,
        capturedAt: '2026-11-20T00:30:00.000Z',
      },
      source('ingestion.ItemsAttached', { itemIds: ['i-1'] }),
    );
    expect(entry.kind).toBe('media-report');
    expect(entry.summary.length).toBeLessThanOrEqual(60 + 200 + 20);
    expect(String(entry.facts['url']).length).toBeLessThanOrEqual(500);
    expect(String(entry.facts['platform']).length).toBeLessThanOrEqual(40);
  });
});
