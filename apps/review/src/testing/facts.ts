import type { INestApplication } from '@nestjs/common';
import { uuidv7 } from '@yuqing/event-store';
import { ConsumerHost, receivedEvent } from '@yuqing/service-kit';
import {
  GradingFactsHandler,
  GuidanceFactsHandler,
  IngestionFactsHandler,
  ReportingFactsHandler,
} from '../record-facts/record-facts.handler';

const HANDLERS = {
  ingestion: IngestionFactsHandler,
  grading: GradingFactsHandler,
  reporting: ReportingFactsHandler,
  guidance: GuidanceFactsHandler,
} as const;

/**
 * Delivers another context's event to the review's inbox as Kafka would (validated by its contract), for tests,
 * the demo and the access matrix's seed. Returns whether it was handled (false: a redelivery). Give `eventId` to
 * know the event a finding cites, or to deliver the same event again.
 */
export async function deliverFact(
  app: INestApplication,
  type: string,
  data: Record<string, unknown>,
  orgUnit: string,
  options: { time?: Date; actorId?: string; streamId?: string; eventId?: string } = {},
): Promise<boolean> {
  const context = type.split('.')[0] as keyof typeof HANDLERS;
  const event = receivedEvent(type, data, orgUnit, {
    ...(options.time ? { time: options.time } : {}),
    ...(options.streamId ? { streamId: options.streamId } : {}),
    ...(options.actorId ? { actor: { kind: 'user', id: options.actorId } } : {}),
  });
  return app
    .get(ConsumerHost)
    .deliver(HANDLERS[context], options.eventId ? { ...event, eventId: options.eventId } : event);
}

/** An obligation opened and then overdue in `orgUnit`: a 迟报 finding. Returns the incident and obligation. */
export async function overdueObligation(
  app: INestApplication,
  orgUnit: string,
  at = new Date(),
): Promise<{ incidentId: string; obligationId: string }> {
  const incidentId = uuidv7();
  const obligationId = uuidv7();
  const dueAt = new Date(at.getTime() - 60_000).toISOString();
  await deliverFact(
    app,
    'reporting.ReportingObligationOpened',
    {
      obligationId,
      incidentId,
      kind: 'paper-flash',
      grade: { level: 'level-1', exceptional: false },
      reason: 'grade-in-force',
      recipientOrgUnitId: 'cn.yn.km',
      clockBasis: 'first-capture',
      clockStartedAt: new Date(at.getTime() - 3_660_000).toISOString(),
      dueAt,
      reminderLeadMinutes: [10],
      ruleSetVersion: 'reporting-rules@test',
    },
    orgUnit,
    { time: new Date(at.getTime() - 3_600_000) },
  );
  await deliverFact(
    app,
    'reporting.ReportOverdue',
    { obligationId, incidentId, kind: 'paper-flash', dueAt, ruleSetVersion: 'reporting-rules@test' },
    orgUnit,
    { time: at },
  );
  return { incidentId, obligationId };
}
