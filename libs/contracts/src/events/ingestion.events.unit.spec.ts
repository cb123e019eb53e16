import { ContractViolationError } from '../define';
import { eventExamples } from './event-examples.fixtures';
import { ItemCaptured, ItemRejected, MonitoringRuleDefined } from './ingestion.events';

/** The issues a payload is rejected with, as `path: message`. */
function issuesOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ContractViolationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the payload to be rejected');
}

describe('ingestion events', () => {
  const captured = eventExamples['ingestion.ItemCaptured'];

  it('accepts a captured forum post with engagement and the rule that matched', () => {
    expect(ItemCaptured.parse(captured)).toEqual(captured);
  });

  it('rejects an over-long title in ItemCaptured at `title`', () => {
    const issues = issuesOf(() => ItemCaptured.parse({ ...captured, title: '停'.repeat(501) }));
    expect(issues).toEqual(['title: Too big: expected string to have <=500 characters']);
  });

  it('rejects a multi-line title and control characters in the text', () => {
    const issues = issuesOf(() =>
      ItemCaptured.parse({ ...captured, title: '第一行\n第二行', text: 'a\u0000b' }),
    );
    expect(issues.map((i) => i.split(':')[0])).toEqual(['title', 'text']);
  });

  it('rejects a non-http url, a time without an offset and a negative count, each at its path', () => {
    const issues = issuesOf(() =>
      ItemCaptured.parse({
        ...captured,
        url: 'javascript:alert(1)',
        publishedAt: '2026-11-20T08:15:00',
        engagement: { views: -1 },
      }),
    );
    expect(issues.map((i) => i.split(':')[0])).toEqual(['url', 'publishedAt', 'engagement.views']);
  });

  it('rejects a platform outside the vocabulary', () => {
    expect(issuesOf(() => ItemCaptured.parse({ ...captured, platform: 'myspace' }))[0]).toMatch(
      /^platform: /,
    );
  });

  it('bounds a monitoring rule: its expression and its platform list', () => {
    const rule = eventExamples['ingestion.MonitoringRuleDefined'];
    const issues = issuesOf(() =>
      MonitoringRuleDefined.parse({
        ...rule,
        expression: '停水 '.repeat(700),
        platforms: Array(21).fill('forum'),
      }),
    );
    expect(issues.map((i) => i.split(':')[0])).toEqual(['expression', 'platforms']);
  });

  it('names the path inside a nested reference', () => {
    const rejected = eventExamples['ingestion.ItemRejected'];
    const issues = issuesOf(() => ItemRejected.parse({ ...rejected, rule: { ruleId: 'r', ruleVersion: 0 } }));
    expect(issues).toEqual(['rule.ruleVersion: Too small: expected number to be >=1']);
  });
});
