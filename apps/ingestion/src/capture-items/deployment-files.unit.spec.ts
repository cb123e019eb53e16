import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_GAZETTEER_PLACES, DEFAULT_SOURCE_CATALOGUE } from '@yuqing/ingestion-domain';
import { loadGazetteer, loadSourceCatalogue } from './deployment-files';

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

describe("a deployment's gazetteer", () => {
  it('is the default one (昆明市) when no file is configured', () => {
    expect(loadGazetteer(undefined)).toBe(DEFAULT_GAZETTEER_PLACES);
    expect(DEFAULT_GAZETTEER_PLACES.filter((p) => p.level === 'county')).toHaveLength(14);
  });

  it('reads a valid file', () => {
    const places = [
      { name: '玉溪市', level: 'city' },
      { name: '红塔区', level: 'county', within: '玉溪市', aliases: ['红塔'] },
      { name: '玉兴街道', level: 'town', within: '红塔区' },
    ];
    expect(loadGazetteer(file(JSON.stringify(places)))).toEqual(places);
  });

  it('names the bad field of an invalid file in one line', () => {
    const bad = file(JSON.stringify([{ name: '红塔区', level: 'district' }]));
    expect(() => loadGazetteer(bad)).toThrow(/GAZETTEER_FILE .*catalogue\.json: 0\.level /);
    expect(() => loadGazetteer(file('[]'))).toThrow(/GAZETTEER_FILE .*: \(file\) /);
  });
});
