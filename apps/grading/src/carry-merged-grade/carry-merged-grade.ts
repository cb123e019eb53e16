import {
  DomainRuleError,
  gradingStreams,
  IncidentMergedInto,
  IncidentsMerged,
  type EventMetadata,
  type ReceivedFact,
} from '@yuqing/contracts';
import { gradeCarriedByMerge, incidentGradeDecider, replayIncident } from '@yuqing/grading-domain';
import type { InboxTransaction } from '@yuqing/service-kit';

/** The two incidents of a merge (合并) a fact tells of: the one that remains and the one merged into it. */
export function mergeOf(fact: ReceivedFact): { survivor: string; merged: string } | undefined {
  if (fact.type === IncidentsMerged.type)
    return { survivor: fact.data.incidentId, merged: fact.data.mergedIncidentId };
  if (fact.type === IncidentMergedInto.type)
    return { survivor: fact.data.intoIncidentId, merged: fact.data.incidentId };
  return undefined;
}

/**
 * When an incident is merged into another (合并), the grade it had in force is noted in the history of the one that
 * remains (MergedIncidentGradeNoted), so the survivor's proposals do not go below it without citing it. Run on both
 * facts of the merge (IncidentsMerged, IncidentMergedInto), which arrive on different partitions in either order:
 * the second finds the grade noted, or notes the grade the authority set in between. Idempotent. Runs in the
 * inbox transaction of the fact (D5); true when something was noted.
 */
export async function carryMergedGrade(
  tx: InboxTransaction,
  schema: string,
  merge: { survivor: string; merged: string },
  cause: { readonly mergeEventId: string; readonly orgUnit: string; readonly metadata: EventMetadata },
): Promise<boolean> {
  const carried = gradeCarriedByMerge(
    replayIncident(await tx.readStream(gradingStreams.incident.id(merge.merged))),
  );
  if (!carried) return false;
  const { rows } = await tx.client.query<{ org_unit: string }>(
    `select org_unit from ${schema}.incident_routes where incident_id = $1`,
    [merge.survivor],
  );
  try {
    const result = await tx.decide(
      gradingStreams.incident.id(merge.survivor),
      incidentGradeDecider,
      {
        kind: 'note-merged-grade',
        mergedIncidentId: merge.merged,
        grade: carried.grade,
        gradedBy: carried.gradedBy,
        gradeEventId: carried.gradeEventId,
        mergeEventId: cause.mergeEventId,
      },
      { ...cause.metadata, orgUnit: rows[0]?.org_unit ?? cause.orgUnit },
    );
    return result.events.length > 0;
  } catch (error) {
    // The survivor not heard of yet: its IncidentsMerged, when it comes, notes the grade. (The decider refuses
    // before anything is written, so the transaction goes on.)
    if (error instanceof DomainRuleError && error.rule === 'grading.incident-unknown') return false;
    throw error;
  }
}
