import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_SOURCE_CATALOGUE } from '@yuqing/ingestion-domain';
import { loadSourceCatalogue } from './source-catalogue-file';

const file = (content: string): string => {
  const name = path.join(mkdtempSync(path.join(tmpdir(), 'catalogue-')), 'catalogue.json');
  writeFileSync(name, content);
  return name;
};

describe("a deployment's source catalogue", () => {
  it('is the default one when no file is configured', () => {
    expect(loadSourceCatalogue(undefined)).toBe(DEFAULT_SOURCE_CATALOGUE);
  });

  it('reads a valid file', () => {
    const outlets = [
      { name: '玉溪网', hosts: ['yuxinews.com'], platform: 'news-site', reachTier: 'city-site' },
    ];
    expect(loadSourceCatalogue(file(JSON.stringify(outlets)))).toEqual(outlets);
  });

  it('names the bad field of an invalid file in one line', () => {
    const bad = file(
      JSON.stringify([
        { name: '某网', hosts: ['Not A Host'], platform: 'news-site', reachTier: 'city-site' },
      ]),
    );
    expect(() => loadSourceCatalogue(bad)).toThrow(
      /SOURCE_CATALOGUE_FILE .*catalogue\.json: 0\.hosts\.0 a lower-case host name/,
    );
    expect(() => loadSourceCatalogue(file('{oops'))).toThrow(/cannot be read as JSON/);
  });
});
