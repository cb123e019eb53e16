import { NotFoundError } from '@yuqing/contracts';
import type { CommandTransaction } from '@yuqing/service-kit';
import type { ResponsesReadModel } from '../read-models/responses/responses.read-model';

/** The incident's unit, where the guard resolved none (approvals are checked by the domain): 404 when unknown. */
export async function incidentUnit(
  responses: ResponsesReadModel,
  tx: CommandTransaction,
  incidentId: string,
): Promise<string> {
  const orgUnit = await responses.on(tx.client).orgUnitOf(incidentId);
  if (!orgUnit) throw new NotFoundError(`no response for incident ${incidentId}`);
  return orgUnit;
}
