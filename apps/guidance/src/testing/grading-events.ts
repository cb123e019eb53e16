import { uuidv7 } from '@yuqing/event-store';
import type { InboxEvent } from '@yuqing/service-kit';
import { receivedEvent } from '@yuqing/service-kit';

// Test code: grading's events as guidance's inbox handler receives them from Kafka, validated by their contracts,
// so the service can be driven without grading running (ConsumerHost.deliver).

export function fromGrading(type: string, data: unknown, orgUnit: string): InboxEvent {
  return receivedEvent(type, data, orgUnit);
}

export const LEVEL_3 = { level: 'level-3', exceptional: false } as const;

/** A 三级 grade confirmed and a handling plan whose replies the department's supervising leader approves. */
export function gradedWithPlan(incidentId: string, orgUnit: string): InboxEvent[] {
  return [
    fromGrading(
      'grading.GradeConfirmed',
      { incidentId, proposalId: uuidv7(), grade: LEVEL_3, note: '一般投诉，市级网站。' },
      orgUnit,
    ),
    fromGrading(
      'grading.HandlingPlanAdopted',
      {
        planId: uuidv7(),
        incidentId,
        summary: '部门直办：核实情况，限期答复。',
        measures: [{ description: '核实并答复网民。', responsibleOrgUnitId: orgUnit }],
        releaseApprover: 'department-supervising-leader',
      },
      orgUnit,
    ),
  ];
}
