import {
  eventCatalogue,
  GRADE_IN_FORCE_TYPES,
  gradeInForce,
  guidanceStreams,
  HandlingPlanAdopted,
  optional,
  SpecialTeamFormed,
  type EventData,
} from '@yuqing/contracts';
import { Inject } from '@nestjs/common';
import { responseDecider, type GuidancePolicy, type ResponseCommand } from '@yuqing/guidance-domain';
import { InboxHandler, RefusedEventError, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import { GUIDANCE_POLICY } from '../response-policy';
import { scheduleFirstResponse } from '../watch-deadlines/first-response';
import { GuidanceDeadlines } from '../watch-deadlines/guidance-deadlines';

/** The command grading's event asks of the incident's response, or undefined for one guidance ignores. */
function commandFor(event: InboxEvent, policy: GuidancePolicy): ResponseCommand | undefined {
  const from = {
    incidentId: (event.data as { incidentId: string }).incidentId,
    orgUnit: event.orgUnit,
    eventId: event.eventId,
    at: event.time.toISOString(),
    policy,
  };
  const inForce = gradeInForce(event);
  if (inForce) return { kind: 'note-grade', grade: inForce.grade, gradedBy: inForce.by, ...from };
  switch (event.type) {
    case HandlingPlanAdopted.type: {
      const data = event.data as EventData<typeof HandlingPlanAdopted>;
      return {
        kind: 'adopt-plan',
        planId: data.planId,
        releaseApprover: data.releaseApprover,
        ...optional('releaseApproverOrgUnitId', data.releaseApproverOrgUnitId),
        ...from,
      };
    }
    case SpecialTeamFormed.type: {
      const data = event.data as EventData<typeof SpecialTeamFormed>;
      return {
        kind: 'form-team',
        teamId: data.teamId,
        leaderUserId: data.leaderUserId,
        memberUserIds: data.memberUserIds,
        ...from,
      };
    }
    default:
      return undefined;
  }
}

/**
 * 三同步 (第十六条): grading's grades in force, handling plans and special teams, on the incident's response stream.
 * A plan or team opens the response plan at the same moment, with who approves releases at the grade in force;
 * a grade change re-states who approves releases still waiting, and may bring the first-response deadline forward. Grading publishes these on one stream per
 * incident, so one partition keeps them in order; the decider ignores an event it has acted on, so a redelivery
 * after a crash between append and inbox commit opens nothing twice.
 */
@InboxHandler({
  purpose: 'response-plans',
  events: [
    ...GRADE_IN_FORCE_TYPES.map((type) => eventCatalogue.get(type, 1)),
    HandlingPlanAdopted,
    SpecialTeamFormed,
  ],
  concurrency: 1,
})
export class ResponsePlansHandler {
  constructor(
    @Inject(GUIDANCE_POLICY) private readonly policy: GuidancePolicy,
    @Inject(GuidanceDeadlines) private readonly deadlines: GuidanceDeadlines,
  ) {}

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const command = commandFor(event, this.policy);
    if (!command) return;
    const { incidentId } = event.data as { incidentId: string };
    // An incident's response stays in the unit it opened in: grading's event naming another unit is refused, not
    // let move the response out of that unit's sight (issue 19).
    const [opened] = await tx.readStream(guidanceStreams.response.id(incidentId));
    if (opened && opened.metadata.orgUnit !== event.orgUnit) {
      throw new RefusedEventError(`incident ${incidentId} belongs to another unit than the event names`);
    }
    const result = await tx.decide(
      guidanceStreams.response.id(incidentId),
      responseDecider,
      command,
      tx.metadataFor(event),
    );
    // The plan's first-response deadline, or one a grade brought forward, is watched from this transaction on.
    await scheduleFirstResponse(this.deadlines, tx, incidentId, event.orgUnit, result.events);
  }
}
