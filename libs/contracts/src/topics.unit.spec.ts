import {
  CONTEXTS,
  deadLetterTopic,
  eventsTopic,
  inTopicNamespace,
  parseTopicNamespace,
  platformTopics,
  TOPIC_NAMESPACE_VARIABLE,
  topicNamespace,
} from './topics';

// Jest gives each test file a copy of process.env: what these tests set stays in this file.
const original = process.env[TOPIC_NAMESPACE_VARIABLE];
afterEach(() => {
  if (original === undefined) delete process.env[TOPIC_NAMESPACE_VARIABLE];
  else process.env[TOPIC_NAMESPACE_VARIABLE] = original;
});

const production = CONTEXTS.flatMap((context) => [
  `yuqing.${context}.events.v1`,
  `yuqing.${context}.events.v1.dlq`,
]);

describe('topic names without a namespace (production)', () => {
  it.each([undefined, ''])('are exactly the contracts’ names when the namespace is %p', (value) => {
    if (value === undefined) delete process.env[TOPIC_NAMESPACE_VARIABLE];
    else process.env[TOPIC_NAMESPACE_VARIABLE] = value;
    expect(topicNamespace()).toBeUndefined();
    expect(eventsTopic('grading')).toBe('yuqing.grading.events.v1');
    expect(platformTopics().map((t) => t.topic)).toEqual(production);
  });
});

describe('topic names in a namespace (a test file, a benchmark run)', () => {
  it('end in the namespace, so each namespace has topics of its own', () => {
    process.env[TOPIC_NAMESPACE_VARIABLE] = 't-1a2b3c';
    expect(eventsTopic('grading')).toBe('yuqing.grading.events.v1.t-1a2b3c');
    expect(deadLetterTopic(eventsTopic('grading'))).toBe('yuqing.grading.events.v1.t-1a2b3c.dlq');
    const named = platformTopics().map((t) => t.topic);
    expect(named).toEqual(production.map((name) => name.replace(/\.v1/, '.v1.t-1a2b3c')));
    process.env[TOPIC_NAMESPACE_VARIABLE] = 'bench-ingestion-m1';
    expect(platformTopics().some((t) => named.includes(t.topic))).toBe(false);
  });

  it('still start with yuqing.<context>., which services select their topics by', () => {
    process.env[TOPIC_NAMESPACE_VARIABLE] = 't-1a2b3c';
    // As apps/grading/src/grading.service.ts selects them.
    const selected = platformTopics().filter((t) =>
      /^yuqing\.(grading|ingestion|reporting|identity)\./.test(t.topic),
    );
    expect(selected.map((t) => t.topic)).toEqual([
      'yuqing.identity.events.v1.t-1a2b3c',
      'yuqing.identity.events.v1.t-1a2b3c.dlq',
      'yuqing.ingestion.events.v1.t-1a2b3c',
      'yuqing.ingestion.events.v1.t-1a2b3c.dlq',
      'yuqing.grading.events.v1.t-1a2b3c',
      'yuqing.grading.events.v1.t-1a2b3c.dlq',
      'yuqing.reporting.events.v1.t-1a2b3c',
      'yuqing.reporting.events.v1.t-1a2b3c.dlq',
    ]);
  });

  it('are what event definitions loaded in the namespace publish on, so consumers accept what arrives', async () => {
    process.env[TOPIC_NAMESPACE_VARIABLE] = 't-1a2b3c';
    await jest.isolateModulesAsync(async () => {
      const { ItemCaptured } = await import('./events/ingestion.events');
      expect(ItemCaptured.topic).toBe('yuqing.ingestion.events.v1.t-1a2b3c');
    });
  });

  it.each([
    ['a dot, which separates a name’s parts', 't.1'],
    ['a space', 't 1'],
    ['a character outside Kafka’s', 't/1'],
    ['Chinese', '测试'],
    ['more than 64 characters', 'x'.repeat(65)],
    ['the dead-letter suffix', 'dlq'],
  ])('refuse a value with %s, naming the variable', (_why, value) => {
    process.env[TOPIC_NAMESPACE_VARIABLE] = value;
    expect(() => eventsTopic('grading')).toThrow(
      /^YUQING_TOPIC_NAMESPACE must be 1 to 64 of A-Z a-z 0-9 _ -/,
    );
    expect(() => parseTopicNamespace(value)).toThrow(TOPIC_NAMESPACE_VARIABLE);
  });

  it('accept 64 characters of letters, digits, _ and -', () => {
    const value = `Ab_-9${'x'.repeat(59)}`;
    expect(parseTopicNamespace(value)).toBe(value);
  });
});

describe('inTopicNamespace (what deleting a namespace deletes)', () => {
  it('selects the namespace’s events and dead-letter topics', () => {
    process.env[TOPIC_NAMESPACE_VARIABLE] = 't-1a2b3c';
    for (const { topic } of platformTopics()) expect(inTopicNamespace(topic, 't-1a2b3c')).toBe(true);
  });

  it('never selects a production topic, whatever the namespace', () => {
    for (const namespace of ['t-1a2b3c', 'v1', 'events', 'yuqing', 'grading'])
      for (const topic of production) expect(inTopicNamespace(topic, namespace)).toBe(false);
  });

  it('selects no other namespace’s topic and nothing that is not a platform topic', () => {
    expect(inTopicNamespace('yuqing.grading.events.v1.t-1a2b3c', 't-1a2b')).toBe(false);
    expect(inTopicNamespace('yuqing.grading.events.v1.t-1a2b', 't-1a2b3c')).toBe(false);
    expect(inTopicNamespace('yuqing.grading.events.v1.x-t-1a2b', 't-1a2b')).toBe(false);
    expect(inTopicNamespace('yuqing.test.inbox_1.t-1a2b', 't-1a2b')).toBe(false);
    expect(inTopicNamespace('__consumer_offsets', 't-1a2b')).toBe(false);
    expect(inTopicNamespace('yuqing.grading.events.v1.t-1a2b', '')).toBe(false);
  });
});
