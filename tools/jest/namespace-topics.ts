// Creates the test file's platform topics, in its namespace (topic-namespace-environment.js), before the file's
// own hooks run: every topic the platform names exists, as `infra:up` makes it so for `npm start`, whether or not
// the file's harness asks for it (ensureTopics then finds them). The environment deletes them after the file.
import { platformTopics } from '@yuqing/contracts';
import { createKafka, ensureTopics } from '@yuqing/messaging';
import { infraEnv } from '@yuqing/testing';

beforeAll(async () => {
  await ensureTopics(
    createKafka({ brokers: infraEnv().KAFKA_BROKERS, clientId: 'jest-topics' }),
    platformTopics(),
  );
});
