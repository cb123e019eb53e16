import { DEFAULT_REPORTING_POLICY } from './default-policy';
import {
  parseReportingPolicy,
  parseReportingPolicyJson,
  remindersFor,
  ReportingPolicyError,
} from './reporting-policy';

const issuesOf = (json: unknown): string[] => {
  try {
    parseReportingPolicy(json, 'test.json');
  } catch (error) {
    if (error instanceof ReportingPolicyError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the policy to be refused');
};

describe('the reporting policy as data (报送规则)', () => {
  it('reads the seed’s deadlines into the default: 30 minutes by phone, 1 hour on paper for 一级', () => {
    expect(DEFAULT_REPORTING_POLICY.deadlines['phone-flash']).toEqual({
      minutes: 30,
      from: 'incident-start',
    });
    expect(DEFAULT_REPORTING_POLICY.deadlines['paper-flash']).toEqual({
      minutes: 60,
      from: 'incident-start',
    });
    expect(DEFAULT_REPORTING_POLICY.obligations['level-1']).toEqual(['phone-flash', 'paper-flash']);
    expect(Object.isFrozen(DEFAULT_REPORTING_POLICY.deadlines)).toBe(true);
  });

  it('refuses a policy whose grade asks for a report without a deadline, naming the field', () => {
    const { bulletin: _dropped, ...deadlines } = DEFAULT_REPORTING_POLICY.deadlines;

    expect(issuesOf({ ...DEFAULT_REPORTING_POLICY, deadlines })).toEqual([
      'deadlines.bulletin: is required: a grade asks for it',
    ]);
  });

  it('refuses an unversioned policy, an unknown field and a city above its province', () => {
    const issues = issuesOf({
      ...DEFAULT_REPORTING_POLICY,
      version: 'v2',
      surprise: true,
      orgTree: { ...DEFAULT_REPORTING_POLICY.orgTree, cityDepth: 2 },
    });

    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^version: must look like/),
        'surprise: is not a known field',
      ]),
    );
    expect(
      issuesOf({
        ...DEFAULT_REPORTING_POLICY,
        orgTree: { ...DEFAULT_REPORTING_POLICY.orgTree, cityDepth: 2 },
      }),
    ).toEqual(['orgTree.cityDepth: must be below the province']);
  });

  it('reports a policy file that is not JSON at (root)', () => {
    expect(() => parseReportingPolicyJson('{ not json', 'policy.json')).toThrow(
      /^reporting policy policy\.json is invalid: \(root\): not JSON/,
    );
  });

  it('gives a kind’s own reminder leads, longest first, or the default', () => {
    expect(remindersFor(DEFAULT_REPORTING_POLICY, 'handling-result')).toEqual([1440, 120]);
    expect(remindersFor(DEFAULT_REPORTING_POLICY, 'bulletin')).toEqual([60]);
  });
});
