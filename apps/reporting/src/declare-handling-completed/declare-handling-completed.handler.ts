import { Inject } from '@nestjs/common';
import { NotFoundError, optional, ReportingObligationOpened, type EventData } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { handlingSummaryDecider, reportingStreamId, type ReportingPolicy } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { REPORTING_POLICY } from '../reporting.tokens';
import {
  DeclareHandlingCompletedCommand,
  type HandlingDeclaredComplete,
} from './declare-handling-completed.command';

@HandlesCommand(DeclareHandlingCompletedCommand)
export class DeclareHandlingCompletedHandler {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(REPORTING_POLICY) private readonly policy: ReportingPolicy,
  ) {}

  async handle(
    { payload: p }: DeclareHandlingCompletedCommand,
    tx: CommandTransaction,
  ): Promise<HandlingDeclaredComplete> {
    // The incident's unit, as grading and ingestion published it: where the summary comes from.
    const { rows } = await tx.client.query<{ org_unit: string | null }>(
      `select org_unit from ${this.store.schema}.incident_facts where incident_id = $1`,
      [p.incidentId],
    );
    const orgUnit = rows[0]?.org_unit;
    if (!orgUnit) throw new NotFoundError(`incident ${p.incidentId} not found`);
    const { events } = await tx.decide(
      reportingStreamId(p.incidentId),
      handlingSummaryDecider,
      {
        kind: 'declare-completed',
        incidentId: p.incidentId,
        orgUnit,
        completedAt: p.completedAt,
        ...optional('note', p.note),
        now: tx.now.toISOString(),
        policy: this.policy,
        newId: () => tx.newId(),
      },
      { metadata: { orgUnit, correlationId: p.incidentId } },
    );
    const opened = events.find((e) => e.type === ReportingObligationOpened.type)!.data as EventData<
      typeof ReportingObligationOpened
    >;
    return { incidentId: p.incidentId, obligationId: opened.obligationId, dueAt: opened.dueAt };
  }
}
