import type { Grant } from '../../api/types';

// Which of a finding's actions a person's grants put within reach (第二十九条). The service decides: these only
// spare a person a form the service would refuse. It refuses with 403 anyway, and the dialog shows its words.

/** `unit` lies strictly under `upper` (cn.yn.km.yl under cn.yn.km). */
export const strictlyUnder = (unit: string, upper: string): boolean => unit.startsWith(`${upper}.`);

/** The reviewers sit above the department: a grant at a unit above it. */
export const mayRuleOn = (grants: readonly Grant[], unit: string): boolean =>
  grants.some((grant) => strictlyUnder(unit, grant.orgUnit));

/** Explanations and appeals are the department's own: a grant at the unit itself. */
export const answersFor = (grants: readonly Grant[], unit: string): boolean =>
  grants.some((grant) => grant.orgUnit === unit);

/** The outermost units of the grants: those whose departments a person may rate or announce. */
export function outermostUnits(grants: readonly Grant[]): string[] {
  const units = [...new Set(grants.map((grant) => grant.orgUnit))];
  return units.filter((unit) => !units.some((other) => strictlyUnder(unit, other))).sort();
}
