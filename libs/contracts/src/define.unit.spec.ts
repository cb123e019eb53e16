import { z } from 'zod';
import { ContractViolationError, defineCommand, defineEvent, formatPath, type EventData } from './define';

const Sample = defineEvent({
  context: 'grading',
  name: 'SampleNoted',
  version: 2,
  description: 'A sample was noted (样例).',
  data: z.object({ sampleId: z.string().max(10), tags: z.array(z.object({ code: z.string() })) }),
});

describe('defineEvent', () => {
  it('derives the type, version and topic from the context and name', () => {
    expect(Sample).toMatchObject({
      kind: 'event',
      context: 'grading',
      name: 'SampleNoted',
      type: 'grading.SampleNoted',
      schemaVersion: 2,
      topic: 'yuqing.grading.events.v1',
      description: 'A sample was noted (样例).',
    });
  });

  it('is immutable', () => {
    expect(Object.isFrozen(Sample)).toBe(true);
    expect(() => {
      (Sample as { description: string }).description = 'changed';
    }).toThrow(TypeError);
  });

  it('parses valid data into its inferred type, dropping fields it does not know', () => {
    const data: EventData<typeof Sample> = Sample.parse({ sampleId: 's-1', tags: [], extra: 'ignored' });
    expect(data).toEqual({ sampleId: 's-1', tags: [] });
  });

  it('names every offending field path, and not the offending value, when it rejects data', () => {
    const attempt = () => Sample.parse({ sampleId: 'far-too-long-an-id', tags: [{ code: 7 }] });
    expect(attempt).toThrow(ContractViolationError);
    expect(attempt).toThrow(/^grading\.SampleNoted v2: invalid data: sampleId: .*; tags\[0\]\.code: /);
    expect(attempt).not.toThrow(/far-too-long-an-id/);
  });

  it('reports issues one by one for problem details, and without throwing through safeParse', () => {
    const result = Sample.safeParse({ tags: 'none' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.contract).toBe('grading.SampleNoted v2');
    expect(result.error.issues.map((i) => i.path)).toEqual(['sampleId', 'tags']);
  });

  it('creates a new event stamped with its type and version, validating the data', () => {
    expect(Sample.create({ sampleId: 's-1', tags: [{ code: 'a' }] })).toEqual({
      type: 'grading.SampleNoted',
      schemaVersion: 2,
      data: { sampleId: 's-1', tags: [{ code: 'a' }] },
    });
    expect(() => Sample.create({ sampleId: 'far-too-long-an-id', tags: [] })).toThrow(ContractViolationError);
  });

  it('parses a published payload: the data plus the tenant the relay stamps (ADR 0011)', () => {
    const value = { tenant: 'cn.yn.km', sampleId: 's-1', tags: [] };
    expect(Sample.parsePublished(value)).toEqual(value);
    expect(Sample.publishedSchema.shape.tenant).toBeDefined();
    const missing = Sample.safeParsePublished({ sampleId: 's-1', tags: [] });
    expect(missing.success).toBe(false);
    if (!missing.success) {
      expect(missing.error.message).toBe(
        'grading.SampleNoted v2 (published): invalid data: tenant: Invalid input: expected string, received undefined',
      );
    }
    expect(() => Sample.parsePublished({ tenant: '', sampleId: 's-1', tags: [] })).toThrow(
      ContractViolationError,
    );
  });

  it('refuses a malformed definition when it is declared', () => {
    const data = z.object({});
    expect(() =>
      defineEvent({ context: 'grading', name: 'not_pascal', version: 1, description: 'x', data }),
    ).toThrow(/PascalCase/);
    expect(() =>
      defineEvent({ context: 'grading', name: 'Noted', version: 0, description: 'x', data }),
    ).toThrow(/positive integer/);
    expect(() =>
      defineEvent({ context: 'grading', name: 'Noted', version: 1, description: ' ', data }),
    ).toThrow(/description/);
    expect(() =>
      defineEvent({ context: 'nowhere' as 'grading', name: 'Noted', version: 1, description: 'x', data }),
    ).toThrow(/unknown context/);
  });
});

describe('defineCommand', () => {
  it('declares a typed, validated command without a topic', () => {
    const Note = defineCommand({
      context: 'reporting',
      name: 'NoteSample',
      version: 1,
      description: 'Note a sample (样例).',
      payload: z.strictObject({ sampleId: z.string() }),
    });
    expect(Note).toMatchObject({ kind: 'command', type: 'reporting.NoteSample', schemaVersion: 1 });
    expect(Note).not.toHaveProperty('topic');
    expect(() => Note.parse({ sampleId: 's', extra: 1 })).toThrow(/: extra: is not a known field$/);
  });

  it('shortens and tames an unknown key, since the caller chose it', () => {
    const Note = defineCommand({
      context: 'reporting',
      name: 'NoteSample',
      version: 1,
      description: 'Note a sample (样例).',
      payload: z.strictObject({}),
    });
    const result = Note.safeParse({ [`bad\n${'x'.repeat(100)}`]: 1 });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues).toEqual([
      { path: `bad?${'x'.repeat(60)}…`, message: 'is not a known field' },
    ]);
  });
});

describe('formatPath', () => {
  it('writes paths the way a reader would look them up', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['grade', 'level'])).toBe('grade.level');
    expect(formatPath(['evidence', 0, 'id'])).toBe('evidence[0].id');
  });
});
