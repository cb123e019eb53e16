import { DEFAULT_GRADING_RULES } from './default-rule-set';
import { parseGradingRuleSet, parseGradingRuleSetJson, RuleSetError } from './rule-set';

/** The message and issues of a refused rule set. */
function refused(parse: () => unknown): RuleSetError {
  try {
    parse();
  } catch (error) {
    if (error instanceof RuleSetError) return error;
    throw error;
  }
  throw new Error('expected a RuleSetError');
}

describe('a deployment rule set (定级规则)', () => {
  it('reads the default rule set of 第三条 back from its own JSON', () => {
    const text = JSON.stringify(DEFAULT_GRADING_RULES);
    expect(parseGradingRuleSetJson(text, 'yuxi.json')).toEqual(DEFAULT_GRADING_RULES);
    expect(DEFAULT_GRADING_RULES.version).toBe('grading-rules@2026-12');
  });

  it('is frozen once parsed, so no one edits the rules a decision named', () => {
    expect(Object.isFrozen(DEFAULT_GRADING_RULES.sources[0]!.reachTiers)).toBe(true);
  });

  it('names each bad field by its path', () => {
    const bad = {
      ...DEFAULT_GRADING_RULES,
      version: 'rules-v2',
      sources: [{ ...DEFAULT_GRADING_RULES.sources[0]!, level: 'level-4' }],
      heat: [{ criterion: 'social-hot-spot', level: 'level-1', minHeat: 120 }],
    };

    const error = refused(() => parseGradingRuleSet(bad, 'yuxi.json'));

    expect(error.issues.map((i) => i.path)).toEqual(['version', 'sources[0].level', 'heat[0].minHeat']);
    expect(error.message).toMatch(/^grading rule set yuxi\.json is invalid: version: must look like/);
  });

  it('refuses unknown fields and repeated tiers', () => {
    const bad = {
      ...DEFAULT_GRADING_RULES,
      sources: [
        { ...DEFAULT_GRADING_RULES.sources[0]!, reachTiers: ['central-media', 'central-media'], extra: 1 },
      ],
    };
    const paths = refused(() => parseGradingRuleSet(bad)).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['sources[0].reachTiers', 'sources[0]']));
  });

  it('reports a file that is not JSON at (root)', () => {
    expect(refused(() => parseGradingRuleSetJson('{ version:', 'broken.json')).issues[0]!.path).toBe(
      '(root)',
    );
  });

  it('accepts a suffixed draft version', () => {
    const draft = parseGradingRuleSet({ ...DEFAULT_GRADING_RULES, version: 'grading-rules@2026-04-draft.1' });
    expect(draft.version).toBe('grading-rules@2026-04-draft.1');
  });
});
