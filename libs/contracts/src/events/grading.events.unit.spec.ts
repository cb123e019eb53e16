import { eventExamples } from './event-examples.fixtures';
import {
  GradeConfirmed,
  GradeDowngraded,
  GradeEscalated,
  GradeOverridden,
  IncidentCategorised,
} from './grading.events';

/** The paths a payload is rejected at. */
function pathsOf(result: { success: boolean; error?: { issues: readonly { path: string }[] } }): string[] {
  return result.error?.issues.map((i) => i.path) ?? [];
}

describe('grading events', () => {
  const confirmed = eventExamples['grading.GradeConfirmed'];

  it('accepts a confirmed 二级 grade', () => {
    expect(GradeConfirmed.parse(confirmed)).toEqual(confirmed);
  });

  it('rejects a GradeConfirmed with an unknown level, naming `grade.level`', () => {
    expect(() =>
      GradeConfirmed.parse({ ...confirmed, grade: { level: 'level-4', exceptional: false } }),
    ).toThrow(
      'grading.GradeConfirmed v1: invalid data: grade.level: Invalid option: expected one of "level-1"|"level-2"|"level-3"',
    );
  });

  it('accepts 特别重大 only on a level-1 grade', () => {
    const exceptional = { ...confirmed, grade: { level: 'level-1', exceptional: true } };
    expect(GradeConfirmed.safeParse(exceptional).success).toBe(true);
    const result = GradeConfirmed.safeParse({ ...confirmed, grade: { level: 'level-2', exceptional: true } });
    expect(pathsOf(result)).toEqual(['grade.exceptional']);
  });

  it('accepts an escalation from 三级 to 二级 and refuses one that does not raise the grade', () => {
    const escalated = eventExamples['grading.GradeEscalated'];
    expect(GradeEscalated.safeParse(escalated).success).toBe(true);
    const sideways = GradeEscalated.safeParse({ ...escalated, to: escalated.from });
    expect(pathsOf(sideways)).toEqual(['to']);
  });

  it('treats 特别重大 as more severe than a plain 一级 when escalating', () => {
    const escalated = eventExamples['grading.GradeEscalated'];
    const toExceptional = {
      ...escalated,
      from: { level: 'level-1', exceptional: false },
      to: { level: 'level-1', exceptional: true },
    };
    expect(GradeEscalated.safeParse(toExceptional).success).toBe(true);
  });

  it('refuses a downgrade that raises the grade', () => {
    const downgraded = eventExamples['grading.GradeDowngraded'];
    expect(GradeDowngraded.safeParse(downgraded).success).toBe(true);
    expect(
      pathsOf(GradeDowngraded.safeParse({ ...downgraded, from: downgraded.to, to: downgraded.from })),
    ).toEqual(['to']);
  });

  it('refuses an override that sets the grade that was proposed', () => {
    const overridden = eventExamples['grading.GradeOverridden'];
    expect(GradeOverridden.safeParse(overridden).success).toBe(true);
    const same = GradeOverridden.safeParse({ ...overridden, grade: overridden.proposedGrade });
    expect(pathsOf(same)).toEqual(['grade']);
  });

  it('accepts standard and deployment-defined categories, once each', () => {
    const categorised = eventExamples['grading.IncidentCategorised'];
    expect(IncidentCategorised.parse(categorised).categories).toEqual(['livelihood', 'custom:water-supply']);
    expect(pathsOf(IncidentCategorised.safeParse({ ...categorised, categories: ['民生民利'] }))).toEqual([
      'categories[0]',
    ]);
    expect(
      pathsOf(IncidentCategorised.safeParse({ ...categorised, categories: ['livelihood', 'livelihood'] })),
    ).toEqual(['categories']);
  });
});
