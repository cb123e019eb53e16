import { parentOf } from '@yuqing/auth';
import { identityStreams, OrgUnitCreated, refuse, type EventData } from '@yuqing/contracts';
import type { CommandTransaction } from '@yuqing/service-kit';
import type { Directory } from '../read-models/directory/directory.read-model';
import { orgUnitDecider } from './org-unit.decider';

/**
 * Adds a unit to the org tree in the command's transaction: it sits directly under an existing parent, and a path
 * is created once. A root (no parent) is created only at bootstrap (the demo loader); the API always names a
 * parent. The event's org unit is the new unit's own.
 */
export async function addOrgUnit(
  tx: CommandTransaction,
  directory: Directory,
  data: EventData<typeof OrgUnitCreated>,
): Promise<void> {
  const parent = data.parent === undefined ? undefined : parentOf(data.orgUnit);
  if (parent !== data.parent)
    refuse('org-unit-path', `${data.orgUnit} must sit directly under ${parent ?? '(no parent)'}`);
  if (data.parent && !(await directory.orgUnitExists(data.parent)))
    refuse('parent-exists', `parent ${data.parent} does not exist`);
  await tx.decide(
    identityStreams.orgUnit.id(data.orgUnit),
    orgUnitDecider,
    { kind: 'create', data },
    { metadata: { orgUnit: data.orgUnit }, expectedVersion: 'ignore-if-match' },
  );
}
