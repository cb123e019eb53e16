import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_GRADING_RULES } from '@yuqing/grading-domain';
import { loadRuleSet, ruleSetDigest } from './rule-set-file';

const dir = mkdtempSync(path.join(tmpdir(), 'grading-rules-'));
const file = (name: string, content: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
};

describe('the deployment rule-set file (GRADING_RULES_FILE)', () => {
  it('is the default of 第三条 when no file is named', () => {
    expect(loadRuleSet(undefined)).toBe(DEFAULT_GRADING_RULES);
  });

  it('reads a deployment’s own version', () => {
    const own = { ...DEFAULT_GRADING_RULES, version: 'grading-rules@2026-05-yuxi' };
    expect(loadRuleSet(file('yuxi.json', JSON.stringify(own))).version).toBe('grading-rules@2026-05-yuxi');
  });

  it('stops the service naming the file and the bad field', () => {
    const bad = file('bad.json', JSON.stringify({ ...DEFAULT_GRADING_RULES, heat: [{ level: 'level-9' }] }));
    expect(() => loadRuleSet(bad)).toThrow(/GRADING_RULES_FILE .*bad\.json is invalid: heat\[0\]\./);
    expect(() => loadRuleSet(path.join(dir, 'missing.json'))).toThrow(/GRADING_RULES_FILE .* cannot be read/);
  });

  it('gives one digest to one content, whatever the key order, and another to changed rules', () => {
    const reordered = Object.fromEntries(
      Object.entries(DEFAULT_GRADING_RULES).reverse(),
    ) as typeof DEFAULT_GRADING_RULES;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(DEFAULT_GRADING_RULES)[0]);
    expect(ruleSetDigest(reordered)).toBe(ruleSetDigest(DEFAULT_GRADING_RULES));
    const stricter = { ...DEFAULT_GRADING_RULES, heat: [{ ...DEFAULT_GRADING_RULES.heat[0]!, minHeat: 70 }] };
    expect(ruleSetDigest(stricter)).not.toBe(ruleSetDigest(DEFAULT_GRADING_RULES));
  });
});
