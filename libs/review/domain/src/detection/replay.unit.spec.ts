import type { Fact } from '../facts';
import { CITY, COUNTY, L1, POLICY, ScopeFacts } from '../testing/facts';
import type { Detector, FindingDraft } from './detector';
import { detect, DETECTORS, findingKey } from './detectors';
import { lateReportDetector } from './late-report.detector';
import { replayDetection, type RecordedFact } from './replay';
import { isStaging } from './scopes';

// Recomputation from zero: replaying the recorded facts scope by scope, detecting after each received event's
// facts, gives what live detection recorded; a changed detector shows up as a difference.

/** The review's fact table as a test writes it: each `receive` is one received event (a batch) and its rows. */
class Recording {
  readonly rows: RecordedFact[] = [];

  receive(batch: string, ...entries: readonly (readonly [scope: string, fact: Fact])[]): this {
    for (const [scope, fact] of entries) this.rows.push({ seq: this.rows.length + 1, scope, batch, fact });
    return this;
  }
}

/** What the service records live: after each received event, detect on every scope it touched; keep the first. */
function liveDetection(
  rows: readonly RecordedFact[],
  detectors: readonly Detector[] = DETECTORS,
): FindingDraft[] {
  const scopes = new Map<string, Fact[]>();
  const found = new Map<string, FindingDraft>();
  const batches: { batch: string; rows: RecordedFact[] }[] = [];
  for (const row of rows) {
    const last = batches[batches.length - 1];
    if (last && last.batch === row.batch) last.rows.push(row);
    else batches.push({ batch: row.batch, rows: [row] });
  }
  for (const { rows: batchRows } of batches) {
    const touched: string[] = [];
    for (const row of batchRows) {
      scopes.set(row.scope, [...(scopes.get(row.scope) ?? []), row.fact]);
      if (!touched.includes(row.scope)) touched.push(row.scope);
    }
    for (const scope of touched.filter((s) => !isStaging(s)))
      for (const draft of detect(scopes.get(scope)!, POLICY, detectors))
        if (!found.has(findingKey(draft))) found.set(findingKey(draft), draft);
  }
  return [...found.values()];
}

const keysOf = (drafts: readonly FindingDraft[]) => drafts.map(findingKey);

/**
 * Three scopes over a day, as the service receives them: a 一级 incident reported late, whose paper flash never
 * came, and which the city found first (the county's own earlier capture of it is put in later); a transfer answered
 * late; a guidance task left overdue. Items wait in their staging scopes until put in the incident.
 */
function aDay(): { recording: Recording; incident: ScopeFacts } {
  const incident = new ScopeFacts('inc-1');
  const transfer = new ScopeFacts('tr-1');
  const proposal = new ScopeFacts('p-1');
  const I = 'incident:inc-1';
  const URL = 'https://weibo.com/u/123/post-1';
  const recording = new Recording();

  const higher = incident.itemCaptured({ itemId: 'city-item', url: URL, orgUnit: CITY }, 0);
  const transferIn = incident.itemTransferredIn({ itemId: 'x', from: CITY, url: URL }, 90);
  const x = incident.itemCaptured({ itemId: 'x', url: URL }, 90);
  // The higher unit's capture goes in beside the transfer, in the transfer's batch (the service looks it up).
  recording.receive('evt-transfer-in', ['item:x', higher], ['item:x', transferIn]);
  recording.receive('evt-capture-x', ['item:x', x]);
  const own = incident.itemCaptured({ itemId: 'own', url: 'https://bbs.example.cn/thread/own' }, 50);
  recording.receive('evt-capture-own', ['item:own', own]);

  const owed = transfer.transferOwed({
    transferId: 'tr-1',
    from: CITY,
    to: COUNTY,
    transferred: 95,
    due: 24 * 60,
  });
  recording.receive('evt-owed', ['transfer:tr-1', owed]);

  const detected = incident.incidentDetected(['x'], 91);
  recording.receive('evt-detected', [I, higher], [I, transferIn], [I, x], [I, detected]);
  recording.receive('evt-graded', [I, incident.gradeConfirmed(L1, 100)]);
  recording.receive('evt-opened', [
    I,
    incident.obligationOpened({ obligationId: 'ob-phone', kind: 'phone-flash', due: 130, grade: L1 }, 100),
  ]);
  recording.receive('evt-opened-paper', [
    I,
    incident.obligationOpened({ obligationId: 'ob-paper', kind: 'paper-flash', due: 160, grade: L1 }, 100),
  ]);
  // The county's own capture of the incident (at minute 50, within the grace) is put in only now.
  const attached = incident.itemAttached('own', 110);
  recording.receive('evt-attached-own', [I, own], [I, attached]);
  recording.receive('evt-proposed', ['proposal:p-1', proposal.guidanceProposed('p-1', 120)]);
  recording.receive('evt-sent', [
    I,
    incident.flashReportSent({ reportId: 'rep-1', obligationId: 'ob-phone' }, 150),
  ]);
  recording.receive('evt-fulfilled', [
    I,
    incident.obligationFulfilled(
      { obligationId: 'ob-phone', kind: 'phone-flash', reportId: 'rep-1', due: 130 },
      150,
    ),
  ]);
  recording.receive('evt-overdue', [
    I,
    incident.reportOverdue({ obligationId: 'ob-paper', kind: 'paper-flash', due: 160 }),
  ]);
  recording.receive('evt-task-overdue', [
    'proposal:p-1',
    proposal.guidanceTaskOverdue({ proposalId: 'p-1', taskId: 't-1', commentatorId: 'yl.c', due: 480 }),
  ]);
  recording.receive('evt-answered', [
    'transfer:tr-1',
    transfer.transferAnswered({ transferId: 'tr-1', from: CITY, to: COUNTY, due: 24 * 60 }, 26 * 60),
  ]);
  recording.receive('evt-completed', [I, incident.handlingCompleted(30 * 60)]);
  return { recording, incident };
}

describe('replayDetection: recomputing findings from the recorded facts', () => {
  it('equals what live detection recorded, batch by batch, over several scopes', () => {
    const { recording } = aDay();

    const recorded = liveDetection(recording.rows);

    expect(keysOf(recorded)).toEqual([
      'missed-report|higher-first:x',
      'late-report|obligation:ob-phone',
      'late-report|obligation:ob-paper',
      'guidance-not-done|guidance-task:t-1',
      'late-report|transfer:tr-1',
      'missed-report|obligation:ob-paper',
    ]);
    expect(replayDetection(recording.rows, POLICY)).toEqual(recorded);
  });

  it('keeps a finding as first found, though the facts recorded after it would no longer show it', () => {
    const { recording, incident } = aDay();

    // Over all of the incident's facts, the county's own capture within the grace clears it of 上级先于本级发现…
    const fromAllAtOnce = keysOf(detect(incident.facts, POLICY));
    // …but it was found (and recorded) before that capture was put in the incident, and the replay keeps it.
    expect(fromAllAtOnce).not.toContain('missed-report|higher-first:x');
    expect(keysOf(replayDetection(recording.rows, POLICY))).toContain('missed-report|higher-first:x');
  });

  it('does not depend on the order the rows are handed over in: the recorded sequence decides', () => {
    const { recording } = aDay();

    expect(replayDetection([...recording.rows].reverse(), POLICY)).toEqual(
      replayDetection(recording.rows, POLICY),
    );
  });

  it('detects once per received event and scope, on the facts recorded up to the end of that event', () => {
    const { recording } = aDay();
    const seen: number[] = [];
    const counting: Detector = {
      name: 'counting@1',
      triggers: [...new Set(recording.rows.map((row) => row.fact.type))],
      detect(facts) {
        seen.push(facts.length);
        return [];
      },
    };

    replayDetection(recording.rows, POLICY, [counting]);

    // Scope by scope, in the order of their first rows (staging ones skipped): the transfer (2 events, 1 row each),
    // the incident (9 events; the detection brought 4 rows, the late attachment 2), the proposal (2 events).
    expect(seen).toEqual([1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 13, 1, 2]);
  });

  it('never detects on a staging scope (an item’s facts before it is put in an incident)', () => {
    const stray = new ScopeFacts('inc-9');
    const story = [
      stray.obligationOpened({ obligationId: 'ob-9', kind: 'phone-flash', due: 30 }),
      stray.reportOverdue({ obligationId: 'ob-9', kind: 'phone-flash', due: 30 }),
    ];
    const staged = new Recording().receive('evt-1', ...story.map((f) => ['item:y', f] as const));
    const inIncident = new Recording().receive('evt-1', ...story.map((f) => ['incident:inc-9', f] as const));

    expect(replayDetection(staged.rows, POLICY)).toEqual([]);
    expect(keysOf(replayDetection(inIncident.rows, POLICY))).toEqual(['late-report|obligation:ob-9']);
  });

  it('shows a changed detector as a difference from what was recorded', () => {
    const { recording } = aDay();
    const recorded = liveDetection(recording.rows);
    // A new version of 迟报 that no longer counts transfers: its findings cite it, and the transfer's is gone.
    const changed: Detector = {
      name: 'late-report@2',
      triggers: lateReportDetector.triggers,
      detect: (facts, policy) =>
        lateReportDetector
          .detect(facts, policy)
          .filter((draft) => !draft.subject.startsWith('transfer:'))
          .map((draft) => ({ ...draft, detector: 'late-report@2' })),
    };
    const detectors = DETECTORS.map((d) => (d === lateReportDetector ? changed : d));

    const replayed = replayDetection(recording.rows, POLICY, detectors);

    expect(replayed).not.toEqual(recorded);
    expect(keysOf(recorded).filter((key) => !keysOf(replayed).includes(key))).toEqual([
      'late-report|transfer:tr-1',
    ]);
    expect(replayed.filter((d) => d.kind === 'late-report').map((d) => d.detector)).toEqual([
      'late-report@2',
      'late-report@2',
    ]);
    expect(replayDetection(recording.rows, POLICY)).toEqual(recorded);
  });
});
