import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_OUTLET_CATALOGUE } from '@yuqing/contracts';
import { DEFAULT_GRADING_RULES } from '@yuqing/grading-domain';
import { loadOutletCatalogue, loadRuleSet } from './rule-set-file';

const dir = mkdtempSync(path.join(tmpdir(), 'grading-catalogue-'));
const file = (name: string, content: unknown) => {
  const at = path.join(dir, name);
  writeFileSync(at, JSON.stringify(content));
  return at;
};

describe('the deployment’s outlet catalogue (SOURCE_CATALOGUE_FILE), read by grading too', () => {
  it('is 昆明’s default catalogue when no file is named, giving the default rules', () => {
    expect(loadOutletCatalogue(undefined)).toBe(DEFAULT_OUTLET_CATALOGUE);
    expect(loadRuleSet(undefined, DEFAULT_OUTLET_CATALOGUE)).toBe(DEFAULT_GRADING_RULES);
  });

  it('gives the default rules the main city sites of the deployment’s own file, under a version of their own', () => {
    const catalogue = loadOutletCatalogue(
      file('qujing.json', [
        { name: '曲靖新闻网', hosts: ['qjnews.cn'], platform: 'news-site', reachTier: 'city-site' },
      ]),
    );

    const rules = loadRuleSet(undefined, catalogue);

    expect(rules.version).not.toBe(DEFAULT_GRADING_RULES.version);
    expect(rules.sources.find((s) => s.criterion === 'main-city-site')?.outlets).toEqual(['曲靖新闻网']);
  });

  it('stops the service naming the file and the bad field', () => {
    const bad = file('bad.json', [
      { name: '某网', hosts: ['Not A Host'], platform: 'news-site', reachTier: 'city-site' },
    ]);
    expect(() => loadOutletCatalogue(bad)).toThrow(
      /SOURCE_CATALOGUE_FILE .*bad\.json: \[0\]\.hosts\[0\] a lower-case host/,
    );
  });
});
