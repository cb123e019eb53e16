import { Inject } from '@nestjs/common';
import { DutyAlertAcknowledged, NotFoundError, type EventData } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { dutyAlertDecider, dutyAlertStreamId } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { AcknowledgeDutyAlertCommand, type AlertAcknowledged } from './acknowledge-duty-alert.command';

@HandlesCommand(AcknowledgeDutyAlertCommand)
export class AcknowledgeDutyAlertHandler {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle(
    { payload: p }: AcknowledgeDutyAlertCommand,
    tx: CommandTransaction,
  ): Promise<AlertAcknowledged> {
    const { rows } = await tx.client.query<{ org_unit: string; incident_id: string }>(
      `select org_unit, incident_id from ${this.store.schema}.duty_alerts where alert_id = $1`,
      [p.alertId],
    );
    const found = rows[0];
    if (!found) throw new NotFoundError(`duty alert ${p.alertId} not found`);
    const { events } = await tx.decide(
      dutyAlertStreamId(p.alertId),
      dutyAlertDecider,
      { kind: 'acknowledge', by: tx.context.actor.id, now: tx.now.toISOString() },
      { metadata: { orgUnit: found.org_unit, correlationId: found.incident_id } },
    );
    const acknowledged = events[0]!.data as EventData<typeof DutyAlertAcknowledged>;
    return { alertId: p.alertId, afterEscalation: acknowledged.afterEscalation };
  }
}
