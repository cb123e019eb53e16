import { loadConfig } from '@yuqing/config';
import { gatewayConfigSchema } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', KAFKA_BROKERS: '127.0.0.1:9092' };
const load = (SERVICE_URLS: string) => loadConfig(gatewayConfigSchema, { ...base, SERVICE_URLS });
const failure = (SERVICE_URLS: string) => {
  try {
    load(SERVICE_URLS);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('SERVICE_URLS', () => {
  it('maps each context to its base URL, without a trailing slash', () => {
    expect(
      load(' ingestion=http://127.0.0.1:3001/ , grading=https://grading.internal:8443/base').SERVICE_URLS,
    ).toEqual({
      ingestion: 'http://127.0.0.1:3001',
      grading: 'https://grading.internal:8443/base',
    });
  });

  it('is empty when unset: nothing is forwarded', () => {
    expect(loadConfig(gatewayConfigSchema, base).SERVICE_URLS).toEqual({});
  });

  it('stops the gateway with one line naming the variable when an entry is malformed', () => {
    expect(failure('ingestion')).toMatch(
      /^Invalid configuration: SERVICE_URLS must be a comma-separated list of context=url/,
    );
    expect(failure('ingestion=ftp://x')).toBe(
      'Invalid configuration: SERVICE_URLS must give ingestion an http(s) base URL without query, fragment or credentials',
    );
    expect(failure('ingestion=not a url')).toBe(
      'Invalid configuration: SERVICE_URLS has no valid URL for ingestion',
    );
    expect(failure('a=http://x:1,a=http://y:2')).toBe('Invalid configuration: SERVICE_URLS names a twice');
  });

  it('refuses to route a context the gateway serves itself', () => {
    expect(failure('identity=http://127.0.0.1:9')).toBe(
      'Invalid configuration: SERVICE_URLS cannot route identity: the gateway serves /api/identity itself',
    );
  });
});
