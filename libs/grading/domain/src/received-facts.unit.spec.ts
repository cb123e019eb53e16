import { DomainRuleError, FactReceived, type Grade, type RecordedEvent } from '@yuqing/contracts';
import { decideIncidentGrade, type IncidentGradeCommand } from './incident-grade.decider';
import {
  receivedFactOf,
  recordedFactIds,
  recordFact,
  routeOfFact,
  GRADING_FACT_TYPES,
} from './received-facts';
import { DEFAULT_GRADING_RULES } from './rules/default-rule-set';
import { IncidentHistory } from './testing/incident-history.fixtures';
import { replayIncident } from './what-if';

const L3: Grade = { level: 'level-3', exceptional: false };
const propose = (proposalId: string): IncidentGradeCommand => ({
  kind: 'propose',
  proposalId,
  ruleSet: DEFAULT_GRADING_RULES,
});

/** The history as the service records it: each fact of another context wrapped in a FactReceived. */
function asRecorded(events: readonly RecordedEvent[]): RecordedEvent[] {
  return events.map((event, i) => {
    if (!GRADING_FACT_TYPES.includes(event.type as never)) return event;
    const fact = receivedFactOf({ ...event, source: '/yuqing/ingestion', time: event.recordedAt })!;
    const wrapped = recordFact('inc-3', fact);
    return { ...event, eventId: `wrapper-${i}`, type: wrapped.type, data: FactReceived.parse(wrapped.data) };
  });
}

/** A 三级 incident in force whose 直办 deadline passed, after which its heat rose. */
function grownThroughPoorHandling(): IncidentHistory {
  const history = new IncidentHistory('inc-3')
    .item('item-forum', { reachTier: 'city-site', outlet: '玉溪论坛', platform: 'forum' })
    .heat(20, 0, '2026-03-02T09:00:00+08:00');
  history.record(decideIncidentGrade(propose('prop-1'), history.state()));
  history.record(decideIncidentGrade({ kind: 'confirm', proposalId: 'prop-1', grade: L3 }, history.state()));
  return history
    .overdue('handling-result', '2026-03-03T09:00:00+08:00')
    .heat(32, 20, '2026-03-03T12:00:00+08:00');
}

describe('facts grading records of other contexts (FactReceived)', () => {
  it('keeps what the rules read of a capture, and not its text', () => {
    // given an ItemCaptured as ingestion publishes it
    const captured = new IncidentHistory().captured('item-1', {
      reachTier: 'central-media',
      outlet: '人民网',
    }).events[0]!;

    // when grading keeps it
    const fact = receivedFactOf({ ...captured, source: '/yuqing/ingestion', time: captured.recordedAt });

    // then the reach, outlet and sentiment are kept under the original event id, the text is not
    expect(fact).toMatchObject({
      type: 'ingestion.ItemCaptured',
      eventId: captured.eventId,
      data: {
        itemId: 'item-1',
        reachTier: 'central-media',
        outlet: '人民网',
        sentiment: { polarity: 'negative' },
      },
    });
    expect(JSON.stringify(fact)).not.toContain('交通中断多日无人处理');
    expect(FactReceived.safeParse(recordFact('inc-1', fact!).data).success).toBe(true);
  });

  it('keeps a monitor’s merge, split and move with the items, the incidents and the reason, and routes the items', () => {
    // given a merge, a split and a move as ingestion publishes them
    const history = new IncidentHistory('inc-s')
      .merged('inc-m', ['item-1', 'item-2'])
      .split('inc-n', ['item-2'])
      .movedOut('item-1', 'inc-b');
    const [merged, split, moved] = history.events.map((e) =>
      receivedFactOf({ ...e, source: '/yuqing/ingestion', time: e.recordedAt }),
    );

    // then grading keeps what it acts on, valid as a FactReceived, and knows where the items went
    expect(merged).toMatchObject({
      type: 'ingestion.IncidentsMerged',
      data: {
        incidentId: 'inc-s',
        mergedIncidentId: 'inc-m',
        itemIds: ['item-1', 'item-2'],
        reason: '同一事件的不同报道',
      },
    });
    expect(routeOfFact(merged!)).toEqual({
      incidentId: 'inc-s',
      itemIds: ['item-1', 'item-2'],
      corrects: true,
    });
    expect(routeOfFact(split!)).toEqual({ incidentId: 'inc-n', itemIds: ['item-2'], corrects: true });
    expect(routeOfFact(moved!)).toEqual({ incidentId: 'inc-b', itemIds: ['item-1'], corrects: true });
    for (const fact of [merged, split, moved]) {
      expect(FactReceived.safeParse(recordFact('inc-s', fact!).data).success).toBe(true);
    }
    // and clustering's own attachment routes only an item not routed yet
    const attached = new IncidentHistory()
      .item('item-a', { reachTier: 'city-site', outlet: '论坛' })
      .item('item-b', {
        reachTier: 'city-site',
        outlet: '论坛',
      }).last;
    const fact = receivedFactOf({ ...attached, source: '/yuqing/ingestion', time: attached.recordedAt })!;
    expect(routeOfFact(fact)).toMatchObject({ incidentId: 'inc-1', corrects: false });
  });

  it('ignores events grading does not grade on', () => {
    const event = { ...new IncidentHistory().events[0], eventId: 'e1', type: 'ingestion.ItemVerified' };
    expect(
      receivedFactOf({ ...event, schemaVersion: 1, streamId: 's', source: '/x', time: new Date(), data: {} }),
    ).toBeUndefined();
  });

  it('folds a recorded history exactly as the original facts: the same proposal, citing the original events', () => {
    // given a 三级 grown through poor handling, once as published and once as grading records it
    const history = grownThroughPoorHandling();
    const recorded = asRecorded(history.events);

    // when the service proposes on each
    const fromOriginal = decideIncidentGrade(propose('prop-2'), replayIncident(history.events));
    const fromRecorded = decideIncidentGrade(propose('prop-2'), replayIncident(recorded));

    // then the decisions are identical, and the 二级 proposal cites the missed deadline and the heat rise
    expect(fromRecorded).toEqual(fromOriginal);
    expect(fromRecorded[0]!.data).toMatchObject({
      grade: { level: 'level-2' },
      criteria: ['grew-from-level-3'],
    });
    const overdue = history.events.find((e) => e.type === 'reporting.ReportOverdue')!;
    const heat = history.events[history.events.length - 1]!;
    expect((fromRecorded[0]!.data as { evidence: unknown[] }).evidence).toEqual(
      expect.arrayContaining([
        { kind: 'event', id: overdue.eventId },
        { kind: 'event', id: heat.eventId },
      ]),
    );
  });

  it('counts a redelivered fact once', () => {
    // given a fact recorded twice (a redelivery that raced the first)
    const recorded = asRecorded(grownThroughPoorHandling().events);
    const twice = [...recorded, { ...recorded[recorded.length - 1]!, eventId: 'wrapper-again' }];

    // then the fold and the proposal are the same, and the recorded ids name it once
    expect(decideIncidentGrade(propose('p'), replayIncident(twice))).toEqual(
      decideIncidentGrade(propose('p'), replayIncident(recorded)),
    );
    expect(recordedFactIds(twice).size).toBe(recordedFactIds(recorded).size);
  });
});

describe('judging genuine opinion or 伪舆情 (篇二 四(四)1)', () => {
  const judge = (verdict: 'genuine' | 'fabricated', basis = '多个新注册账号同一分钟发布相同文字。') =>
    ({ kind: 'judge-genuineness', verdict, basis, evidence: [{ kind: 'item', id: 'item-forum' }] }) as const;

  it('records the judgement with its basis, caused by the evidence it names', () => {
    const history = grownThroughPoorHandling();
    const [event] = decideIncidentGrade(judge('fabricated'), history.state());
    expect(event).toMatchObject({
      type: 'grading.GenuinenessJudged',
      data: { incidentId: 'inc-3', verdict: 'fabricated', basis: '多个新注册账号同一分钟发布相同文字。' },
    });
    // The item counts from when it joined the incident (its IncidentDetected, the history's second event).
    expect(event!.metadata?.causationId).toBe('inc-3-e2');
  });

  it('proposes nothing more for an incident judged 伪舆情', () => {
    // given an incident that would be proposed 二级, judged fabricated
    const history = grownThroughPoorHandling();
    history.record(decideIncidentGrade(judge('fabricated'), history.state()));

    // then the growth is no ground for a proposal
    expect(decideIncidentGrade(propose('prop-2'), history.state())).toEqual([]);
  });

  it('refuses a judgement without its basis, or one that repeats the verdict in force', () => {
    const history = grownThroughPoorHandling();
    const rule = (command: IncidentGradeCommand, state = history.state()) => {
      try {
        decideIncidentGrade(command, state);
      } catch (error) {
        if (error instanceof DomainRuleError) return error.rule;
      }
      return 'none';
    };
    expect(rule(judge('genuine', '  '))).toBe('grading.basis-required');
    history.record(decideIncidentGrade(judge('genuine'), history.state()));
    expect(rule(judge('genuine'))).toBe('grading.genuineness-unchanged');
  });
});
