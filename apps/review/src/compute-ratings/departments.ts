import type { RatedFinding } from '@yuqing/review-domain';
import { ratedFinding, type FindingRow } from '../read-models/findings/findings.read-model';

/**
 * The departments of a period under a unit and their findings: every unit identity announced there (a department
 * without findings is rated too), and any unit a finding names.
 */
export function departmentsOf(
  units: readonly { orgUnit: string }[],
  findings: readonly FindingRow[],
): Map<string, RatedFinding[]> {
  const departments = new Map<string, RatedFinding[]>(units.map((unit) => [unit.orgUnit, []]));
  for (const row of findings) {
    const list = departments.get(row.orgUnit) ?? [];
    list.push(ratedFinding(row));
    departments.set(row.orgUnit, list);
  }
  return departments;
}
