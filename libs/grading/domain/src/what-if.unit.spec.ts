import { decideIncidentGrade } from './incident-grade.decider';
import { DEFAULT_GRADING_RULES } from './rules/default-rule-set';
import { parseGradingRuleSet } from './rules/rule-set';
import { IncidentHistory } from './testing/incident-history.fixtures';
import { replayIncident, whatIf } from './what-if';

/** A draft that lowers the 网上影响较大 heat bar from 60 to 50. */
const stricter = parseGradingRuleSet({
  ...DEFAULT_GRADING_RULES,
  version: 'grading-rules@2026-04-draft.1',
  heat: DEFAULT_GRADING_RULES.heat.map((rule) => (rule.minHeat === 60 ? { ...rule, minHeat: 50 } : rule)),
});

/** An incident from one item at a heat, proposed and confirmed under the rules in use. */
function incident(
  incidentId: string,
  heat: number,
  source: Parameters<IncidentHistory['item']>[1] = {
    reachTier: 'city-site',
    outlet: '玉溪论坛',
    platform: 'forum',
  },
): IncidentHistory {
  const history = new IncidentHistory(incidentId)
    .item(`${incidentId}-item`, { polarity: 'neutral', ...source })
    .heat(heat, heat - 2, '2026-03-02T12:00:00+08:00');
  const [proposed] = decideIncidentGrade(
    { kind: 'propose', proposalId: `${incidentId}-p1`, ruleSet: DEFAULT_GRADING_RULES },
    history.state(),
  );
  history.record([proposed!]);
  const grade = history.state().openProposal!.grade;
  return history.record(
    decideIncidentGrade({ kind: 'confirm', proposalId: `${incidentId}-p1`, grade }, history.state()),
  );
}

describe('what-if under a draft rule set (规则试算)', () => {
  const histories = [
    incident('inc-a', 55),
    incident('inc-b', 45),
    incident('inc-c', 55, { reachTier: 'provincial-portal', outlet: '云南网' }),
    incident('inc-d', 58),
    incident('inc-e', 62),
  ];

  it('lists exactly the incidents whose grade a stricter heat threshold changes, with the deciding criteria', () => {
    const report = whatIf(
      histories.map((h) => ({ incidentId: h.incidentId, events: h.events })),
      { current: DEFAULT_GRADING_RULES, draft: stricter },
    );

    expect(report).toMatchObject({
      currentRuleSetVersion: 'grading-rules@2026-12',
      draftRuleSetVersion: 'grading-rules@2026-04-draft.1',
      examined: 5,
    });
    expect(report.changes.map((c) => c.incidentId)).toEqual(['inc-a', 'inc-d']);
    expect(report.changes[0]).toEqual({
      incidentId: 'inc-a',
      current: {
        grade: { level: 'level-3', exceptional: false },
        criteria: ['ordinary-complaint'],
        evidence: [{ kind: 'item', id: 'inc-a-item' }],
        ruleSetVersion: 'grading-rules@2026-12',
      },
      wouldBe: {
        grade: { level: 'level-2', exceptional: false },
        criteria: ['large-online-impact'],
        evidence: [{ kind: 'event', id: 'inc-a-e3' }],
        ruleSetVersion: 'grading-rules@2026-04-draft.1',
      },
      gradeInForce: { level: 'level-3', exceptional: false },
    });
  });

  it('lists nothing when the draft is the rule set in use', () => {
    const report = whatIf(
      histories.map((h) => ({ incidentId: h.incidentId, events: h.events })),
      { current: DEFAULT_GRADING_RULES, draft: DEFAULT_GRADING_RULES },
    );
    expect(report.changes).toEqual([]);
  });

  it('never rewrites past decisions: replaying from zero rebuilds the same grades and their rule versions', () => {
    const [first] = histories;
    whatIf([{ incidentId: first!.incidentId, events: first!.events }], {
      current: DEFAULT_GRADING_RULES,
      draft: stricter,
    });

    const replayed = replayIncident(first!.events);
    expect(replayed).toEqual(replayIncident([...first!.events]));
    expect(replayed.inForce).toMatchObject({
      grade: { level: 'level-3', exceptional: false },
      by: 'confirmed',
    });
    expect(replayed.proposals.map((p) => p.ruleSetVersion)).toEqual(['grading-rules@2026-12']);
  });
});
