import type { PoolClient } from 'pg';
import {
  FirstResponseDeadlineChanged,
  FirstResponseOverdue,
  FirstResponseReminderDue,
  guidanceEvents,
  ReleaseApprovalRequirementChanged,
  ReleaseApproved,
  ReleaseAuthorityGranted,
  ReleasePrepared,
  ReleasePublicationRefused,
  ReleasePublished,
  ReleaseRefused,
  ResponseArranged,
  ResponseArrangementGapRecorded,
  ResponseGradeNoted,
  ResponsePlanOpened,
  SpecialTeamNoted,
  WordingApproved,
  WordingDrafted,
  WordingRefused,
  type EventData,
  type GradeLevel,
  type RecordedEvent,
  type ReleaseApprover,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionScope } from '@yuqing/event-store';
import {
  DEFAULT_GUIDANCE_POLICY,
  initialResponseState,
  requiredApprovers,
  type ResponseState,
} from '@yuqing/guidance-domain';

interface ResponseFacts {
  level: GradeLevel | null;
  release_approver: ReleaseApprover | null;
  release_approver_org_unit_id: string | null;
  special_team: { leaderUserId: string; memberUserIds: string[] } | null;
}

/**
 * Who approves now, as the decider computes it, from what the row holds. Who approves at which grade is the seed's
 * rule (第二十一条), which no deployment policy changes, so the default policy gives it.
 */
function approversOf(row: ResponseFacts): ReleaseApprover[] {
  const state: ResponseState = {
    ...initialResponseState(),
    ...(row.level ? { grade: { level: row.level, exceptional: false } } : {}),
    ...(row.release_approver
      ? {
          authority: {
            releaseApprover: row.release_approver,
            ...(row.release_approver_org_unit_id
              ? { releaseApproverOrgUnitId: row.release_approver_org_unit_id }
              : {}),
          },
        }
      : {}),
    ...(row.special_team ? { specialTeam: row.special_team } : {}),
  };
  return requiredApprovers(state, DEFAULT_GUIDANCE_POLICY);
}

async function apply(scope: ProjectionScope, db: PoolClient, event: RecordedEvent): Promise<void> {
  const responses = scope.table('responses');
  const wordings = scope.table('wordings');
  const releases = scope.table('releases');
  const { incidentId } = event.data as { incidentId: string };
  const at = event.recordedAt;
  // Every event of the stream keeps the response row current (its unit, version, last change).
  await db.query(
    `insert into ${responses} (incident_id, org_unit, updated_at, version) values ($1, $2, $3, $4)
     on conflict (incident_id) do update set updated_at = excluded.updated_at, version = excluded.version`,
    [incidentId, event.metadata.orgUnit, at, event.streamPosition],
  );
  switch (event.type) {
    case ResponseGradeNoted.type: {
      const data = event.data as EventData<typeof ResponseGradeNoted>;
      await db.query(`update ${responses} set level = $2, grade_event_id = $3 where incident_id = $1`, [
        incidentId,
        data.grade.level,
        data.gradeEventId,
      ]);
      break;
    }
    case ResponsePlanOpened.type: {
      const data = event.data as EventData<typeof ResponsePlanOpened>;
      await db.query(
        `update ${responses} set plan_opened_at = $2, opened_by = $3, drafter = $4, channels = $5,
           first_response_due_at = $6, first_response_remind_at = $7 where incident_id = $1`,
        [
          incidentId,
          at,
          data.openedBy.kind,
          JSON.stringify(data.drafter),
          JSON.stringify(data.channels),
          data.firstResponseDueAt ?? null,
          data.firstResponseRemindAt ?? null,
        ],
      );
      break;
    }
    case ResponseArranged.type: {
      const data = event.data as EventData<typeof ResponseArranged>;
      await db.query(
        `update ${responses} set drafter = $2, channels = $3,
           first_response_due_at = coalesce($4, first_response_due_at),
           first_response_remind_at = case when $4::timestamptz is null then first_response_remind_at else $5 end
         where incident_id = $1`,
        [
          incidentId,
          JSON.stringify(data.drafter),
          JSON.stringify(data.channels),
          data.firstResponseDueAt ?? null,
          data.firstResponseRemindAt ?? null,
        ],
      );
      break;
    }
    case FirstResponseDeadlineChanged.type: {
      const data = event.data as EventData<typeof FirstResponseDeadlineChanged>;
      await db.query(
        `update ${responses} set first_response_due_at = $2, first_response_remind_at = $3 where incident_id = $1`,
        [incidentId, data.dueAt, data.remindAt ?? null],
      );
      break;
    }
    case FirstResponseReminderDue.type:
      await db.query(`update ${responses} set first_response_reminded_at = $2 where incident_id = $1`, [
        incidentId,
        at,
      ]);
      break;
    case FirstResponseOverdue.type:
      await db.query(`update ${responses} set first_response_overdue_at = $2 where incident_id = $1`, [
        incidentId,
        at,
      ]);
      break;
    case ReleaseAuthorityGranted.type: {
      const data = event.data as EventData<typeof ReleaseAuthorityGranted>;
      await db.query(
        `update ${responses} set release_approver = $2, release_approver_org_unit_id = $3 where incident_id = $1`,
        [incidentId, data.releaseApprover, data.releaseApproverOrgUnitId ?? null],
      );
      break;
    }
    case SpecialTeamNoted.type: {
      const data = event.data as EventData<typeof SpecialTeamNoted>;
      await db.query(`update ${responses} set special_team = $2 where incident_id = $1`, [
        incidentId,
        JSON.stringify({ leaderUserId: data.leaderUserId, memberUserIds: data.memberUserIds }),
      ]);
      break;
    }
    case ResponseArrangementGapRecorded.type: {
      const data = event.data as EventData<typeof ResponseArrangementGapRecorded>;
      await db.query(
        `insert into ${scope.table('response_gaps')} (event_id, incident_id, org_unit, gap, detail, level,
           release_approver, cause_event_id, found_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)
         on conflict (event_id) do nothing`,
        [
          event.eventId,
          incidentId,
          event.metadata.orgUnit,
          data.gap,
          data.detail,
          data.level ?? null,
          data.releaseApprover ?? null,
          data.causeEventId,
          at,
        ],
      );
      break;
    }
    case WordingDrafted.type: {
      const data = event.data as EventData<typeof WordingDrafted>;
      await db.query(
        `insert into ${wordings} (wording_id, version, incident_id, org_unit, facts, figures, text, outlet,
           states_cause, characterises, status, drafted_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'draft',$11)
         on conflict (wording_id, version) do nothing`,
        [
          data.wordingId,
          data.version,
          incidentId,
          event.metadata.orgUnit,
          JSON.stringify(data.facts),
          JSON.stringify(data.figures),
          data.text,
          JSON.stringify(data.outlet),
          data.statesCause,
          data.characterises,
          at,
        ],
      );
      break;
    }
    case WordingApproved.type:
    case WordingRefused.type: {
      const data = event.data as EventData<typeof WordingApproved> | EventData<typeof WordingRefused>;
      const refused = 'refusedAs' in data;
      await db.query(
        `update ${wordings} set status = $3, decided_as = $4, refusal_reason = $5, decided_at = $6
          where wording_id = $1 and version = $2`,
        [
          data.wordingId,
          data.version,
          refused ? 'refused' : 'approved',
          refused ? data.refusedAs : data.approvedAs,
          refused ? data.reason : null,
          at,
        ],
      );
      break;
    }
    case ReleasePrepared.type: {
      const data = event.data as EventData<typeof ReleasePrepared>;
      await db.query(
        `insert into ${releases} (release_id, incident_id, org_unit, kind, channel, status, wording_id,
           wording_version, text, figures, why_not_yet_resolved, required_approvers, prepared_at, updated_at)
         values ($1,$2,$3,$4,$5,'prepared',$6,$7,$8,$9,$10,$11,$12,$12) on conflict (release_id) do nothing`,
        [
          data.releaseId,
          incidentId,
          event.metadata.orgUnit,
          data.kind,
          data.channel,
          data.wordingId,
          data.wordingVersion,
          data.text,
          JSON.stringify(data.figures),
          data.whyNotYetResolved ?? null,
          JSON.stringify(data.requiredApprovers),
          at,
        ],
      );
      break;
    }
    case ReleaseApprovalRequirementChanged.type: {
      const data = event.data as EventData<typeof ReleaseApprovalRequirementChanged>;
      await db.query(
        `update ${releases} set required_approvers = $2, updated_at = $3 where release_id = any($1::text[])`,
        [data.releaseIds, JSON.stringify(data.to.approvers), at],
      );
      break;
    }
    case ReleaseApproved.type:
    case ReleaseRefused.type: {
      const data = event.data as EventData<typeof ReleaseApproved> | EventData<typeof ReleaseRefused>;
      const refused = 'refusedAs' in data;
      await db.query(
        `update ${releases} set status = $2, decided_as = $3, refusal_reason = $4, updated_at = $5
          where release_id = $1`,
        [
          data.releaseId,
          refused ? 'refused' : 'approved',
          refused ? data.refusedAs : data.approvedAs,
          refused ? data.reason : null,
          at,
        ],
      );
      break;
    }
    case ReleasePublicationRefused.type: {
      const data = event.data as EventData<typeof ReleasePublicationRefused>;
      await db.query(
        `update ${releases} set publication_refusals = publication_refusals + 1, updated_at = $2 where release_id = $1`,
        [data.releaseId, at],
      );
      break;
    }
    case ReleasePublished.type: {
      const data = event.data as EventData<typeof ReleasePublished>;
      await db.query(
        `update ${releases} set status = 'published', url = $2, published_at = $3, updated_at = $4
          where release_id = $1`,
        [data.releaseId, data.url, data.publishedAt, at],
      );
      // The first release published is the incident's first response (速报事实).
      await db.query(
        `update ${responses} set first_response_at = $2, first_response_release_id = $3
          where incident_id = $1 and first_response_at is null`,
        [incidentId, data.publishedAt, data.releaseId],
      );
      break;
    }
    default:
      break;
  }
  // Who approves now follows the grade, the plan and the team: recomputed as the decider does.
  const { rows } = await db.query<ResponseFacts>(
    `select level, release_approver, release_approver_org_unit_id, special_team from ${responses}
      where incident_id = $1`,
    [incidentId],
  );
  if (rows[0])
    await db.query(`update ${responses} set required_approvers = $2 where incident_id = $1`, [
      incidentId,
      JSON.stringify(approversOf(rows[0])),
    ]);
}

/**
 * The incidents' responses as the console shows them: the plan and who approves now, the gaps, the wording
 * versions and the releases. Kept in the appending transaction (inline), rebuilt and verified from the response
 * streams by the projection runner. Tables created by migrations.ts (4001).
 */
export const responsesProjection = defineProjection({
  name: 'guidance.responses',
  handles: guidanceEvents.map((e) => e.type),
  tables: [
    { name: 'responses', key: ['incident_id'] },
    { name: 'wordings', key: ['wording_id', 'version'] },
    { name: 'releases', key: ['release_id'] },
    { name: 'response_gaps', key: ['event_id'] },
  ],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope, db, event);
  },
});
