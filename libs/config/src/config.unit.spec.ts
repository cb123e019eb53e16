import { z } from 'zod';
import { ConfigError, loadConfig, redactUrl, serviceConfigSchema } from './config';

const valid = {
  DATABASE_URL: 'postgres://yuqing:secret@127.0.0.1:55432/yuqing',
  KAFKA_BROKERS: '127.0.0.1:59092, 127.0.0.1:59093',
};

describe('loadConfig', () => {
  it('accepts a valid environment and applies defaults', () => {
    const config = loadConfig(serviceConfigSchema, valid);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:59092', '127.0.0.1:59093']);
    expect(config.PORT).toBe(3000);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names a missing variable as required', () => {
    expect(() => loadConfig(serviceConfigSchema, { KAFKA_BROKERS: valid.KAFKA_BROKERS })).toThrow(
      new ConfigError('DATABASE_URL', 'is required'),
    );
  });

  it('names a malformed DATABASE_URL without echoing its password', () => {
    try {
      loadConfig(serviceConfigSchema, { ...valid, DATABASE_URL: 'mysql://root:hunter2@db/yuqing' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL/);
      expect(message).not.toContain('hunter2');
      expect(message.split('\n')).toHaveLength(1);
    }
  });

  it('rejects a broker list that is not host:port', () => {
    expect(() => loadConfig(serviceConfigSchema, { ...valid, KAFKA_BROKERS: 'kafka' })).toThrow(
      /KAFKA_BROKERS must be/,
    );
  });

  it('rejects an out-of-range PORT', () => {
    expect(() => loadConfig(serviceConfigSchema, { ...valid, PORT: '70000' })).toThrow(
      'Invalid configuration: PORT must be a port number from 0 to 65535',
    );
  });

  it('lets a service extend the shared schema', () => {
    const schema = serviceConfigSchema.extend({ FEED_POLL_SECONDS: z.coerce.number().int().positive() });
    expect(() => loadConfig(schema, valid)).toThrow(new ConfigError('FEED_POLL_SECONDS', 'is required'));
    expect(loadConfig(schema, { ...valid, FEED_POLL_SECONDS: '60' }).FEED_POLL_SECONDS).toBe(60);
  });
});

describe('redactUrl', () => {
  it('masks the password', () => {
    expect(redactUrl('postgres://yuqing:secret@127.0.0.1:5432/yuqing')).toBe(
      'postgres://yuqing:***@127.0.0.1:5432/yuqing',
    );
  });
});

describe('consumer settings', () => {
  it('default to the engine’s values, with no group prefix (the service name is used)', () => {
    const config = loadConfig(serviceConfigSchema, valid);
    expect(config).toMatchObject({
      CONSUME_FROM: 'earliest',
      KAFKA_SESSION_TIMEOUT_MS: 10000,
      KAFKA_HEARTBEAT_MS: 3000,
      CONSUMER_MAX_WAIT_MS: 100,
      CONSUMER_MAX_ATTEMPTS: 3,
      CONSUMER_RETRY_DELAY_MS: 200,
    });
    expect(config.CONSUMER_GROUP_PREFIX).toBeUndefined();
  });

  it('refuse a group prefix Kafka would not take, naming the variable', () => {
    expect(() => loadConfig(serviceConfigSchema, { ...valid, CONSUMER_GROUP_PREFIX: 'a b' })).toThrow(
      /^Invalid configuration: CONSUMER_GROUP_PREFIX must be/,
    );
    expect(() => loadConfig(serviceConfigSchema, { ...valid, KAFKA_SESSION_TIMEOUT_MS: '10' })).toThrow(
      /^Invalid configuration: KAFKA_SESSION_TIMEOUT_MS must be a number of milliseconds/,
    );
  });
});
