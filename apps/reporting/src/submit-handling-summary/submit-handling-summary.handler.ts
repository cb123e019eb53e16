import { Inject } from '@nestjs/common';
import { NotFoundError, optional } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { handlingSummaryDecider, reportingStreamId, type ReportingPolicy } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { REPORTING_POLICY } from '../reporting.tokens';
import { SubmitHandlingSummaryCommand, type SummarySubmitted } from './submit-handling-summary.command';

@HandlesCommand(SubmitHandlingSummaryCommand)
export class SubmitHandlingSummaryHandler {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(REPORTING_POLICY) private readonly policy: ReportingPolicy,
  ) {}

  async handle(
    { payload: p }: SubmitHandlingSummaryCommand,
    tx: CommandTransaction,
  ): Promise<SummarySubmitted> {
    const { rows } = await tx.client.query<{ incident_id: string; org_unit: string }>(
      `select incident_id, org_unit from ${this.store.schema}.obligations where obligation_id = $1`,
      [p.obligationId],
    );
    const found = rows[0];
    if (!found) throw new NotFoundError(`obligation ${p.obligationId} not found`);
    const summaryId = tx.newId();
    const { state } = await tx.decide(
      reportingStreamId(found.incident_id),
      handlingSummaryDecider,
      {
        kind: 'submit-summary',
        summaryId,
        obligationId: p.obligationId,
        parts: {
          ...optional('whatHappened', p.whatHappened),
          ...optional('howHandled', p.howHandled),
          ...optional('lessons', p.lessons),
          ...optional('outlook', p.outlook),
        },
        submittedAt: p.submittedAt,
        now: tx.now.toISOString(),
        policy: this.policy,
      },
      { metadata: { orgUnit: found.org_unit, correlationId: found.incident_id } },
    );
    const o = state.obligations.find((x) => x.obligationId === p.obligationId)!;
    return {
      summaryId,
      incidentId: found.incident_id,
      obligation: { obligationId: o.obligationId, status: o.status, ...optional('onTime', o.onTime) },
    };
  }
}
