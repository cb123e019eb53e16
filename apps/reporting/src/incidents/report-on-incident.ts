import { NotFoundError } from '@yuqing/contracts';
import type { ReportingState } from '@yuqing/reporting-domain';
import type { CommandTransaction } from '@yuqing/service-kit';
import type { IncidentReporting, ReportingInput } from './incident-reporting';

// How the report use cases reach the incident a report concerns: through the obligation it meets or the report it
// answers, looked up in the read models on the command's transaction. Shared data access; no use-case imports.

/** What a report answers: the report it recorded, and whether that met its obligation (on time or late). */
export interface ReportOutcome {
  readonly reportId: string;
  readonly incidentId: string;
  readonly obligation?: { readonly obligationId: string; readonly status: string; readonly onTime?: boolean };
}

/** A report against an obligation (快报, 《网上舆情》, 回告): recorded on the obligation's incident. */
export async function reportOnObligation(
  reporting: IncidentReporting,
  tx: CommandTransaction,
  obligationId: string,
  reportId: string,
  input: ReportingInput,
): Promise<ReportOutcome> {
  const { rows } = await tx.client.query<{ incident_id: string; org_unit: string }>(
    `select incident_id, org_unit from ${reporting.schema}.obligations where obligation_id = $1`,
    [obligationId],
  );
  const found = rows[0];
  if (!found) throw new NotFoundError(`obligation ${obligationId} not found`);
  const { state } = await reporting.executeIn(
    tx,
    found.incident_id,
    input,
    tx.metadata({ orgUnit: found.org_unit, correlationId: found.incident_id }),
  );
  return outcome(reportId, found.incident_id, state, obligationId);
}

/** Something done with a report already made (转报, 签收): recorded on the report's incident. */
export async function actOnReport(
  reporting: IncidentReporting,
  tx: CommandTransaction,
  reportId: string,
  input: ReportingInput,
): Promise<ReportOutcome> {
  const { rows } = await tx.client.query<{
    incident_id: string;
    org_unit: string;
    obligation_id: string | null;
  }>(`select incident_id, org_unit, obligation_id from ${reporting.schema}.reports where report_id = $1`, [
    reportId,
  ]);
  const found = rows[0];
  if (!found) throw new NotFoundError(`report ${reportId} not found`);
  const { state } = await reporting.executeIn(
    tx,
    found.incident_id,
    input,
    tx.metadata({ orgUnit: found.org_unit, correlationId: found.incident_id }),
  );
  return outcome(reportId, found.incident_id, state, found.obligation_id);
}

function outcome(
  reportId: string,
  incidentId: string,
  state: ReportingState,
  obligationId: string | null,
): ReportOutcome {
  const o = state.obligations.find((x) => x.obligationId === obligationId);
  return {
    reportId,
    incidentId,
    ...(o
      ? {
          obligation: {
            obligationId: o.obligationId,
            status: o.status,
            ...(o.onTime !== undefined ? { onTime: o.onTime } : {}),
          },
        }
      : {}),
  };
}
