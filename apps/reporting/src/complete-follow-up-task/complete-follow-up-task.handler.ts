import { Inject } from '@nestjs/common';
import { FollowUpTaskCompleted, NotFoundError, type EventData } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { followUpDecider, reportingStreamId } from '@yuqing/reporting-domain';
import { HandlesCommand, type CommandTransaction } from '@yuqing/service-kit';
import { CompleteFollowUpTaskCommand, type TaskCompleted } from './complete-follow-up-task.command';

@HandlesCommand(CompleteFollowUpTaskCommand)
export class CompleteFollowUpTaskHandler {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async handle({ payload: p }: CompleteFollowUpTaskCommand, tx: CommandTransaction): Promise<TaskCompleted> {
    const { rows } = await tx.client.query<{ incident_id: string; org_unit: string }>(
      `select incident_id, org_unit from ${this.store.schema}.tracked_tasks where task_id = $1`,
      [p.taskId],
    );
    const found = rows[0];
    if (!found) throw new NotFoundError(`follow-up task ${p.taskId} not found`);
    const { events } = await tx.decide(
      reportingStreamId(found.incident_id),
      followUpDecider,
      {
        kind: 'complete',
        taskId: p.taskId,
        result: p.result,
        evidence: p.evidence,
        completedAt: p.completedAt,
        now: tx.now.toISOString(),
      },
      { metadata: { orgUnit: found.org_unit, correlationId: found.incident_id } },
    );
    const completed = events[0]!.data as EventData<typeof FollowUpTaskCompleted>;
    return { taskId: p.taskId, incidentId: found.incident_id, onTime: completed.onTime };
  }
}
