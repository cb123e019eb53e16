import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainRuleError, IncidentMergedInto, IncidentsMerged, type ReceivedFact } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore } from '@yuqing/event-store';
import { gradeCarriedByMerge, incidentGradeDecider } from '@yuqing/grading-domain';
import { PG_POOL } from '@yuqing/service-kit';
import { GRADING_SERVICE, incidentStream, loadIncident } from '../shared/incident-stream';

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
 * the second finds the grade noted, or notes the grade the authority set in between. Idempotent.
 */
@Injectable()
export class CarryMergedGradeHandler {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Notes the merged incident's grade in the survivor's stream; true when something was noted. */
  async carry(
    merge: { survivor: string; merged: string },
    cause: { readonly mergeEventId: string; readonly orgUnit: string; readonly correlationId: string },
  ): Promise<boolean> {
    const { state } = await loadIncident(this.store, merge.merged);
    const carried = gradeCarriedByMerge(state);
    if (!carried) return false;
    const { rows } = await this.pool.query<{ org_unit: string }>(
      `select org_unit from ${this.store.schema}.incident_routes where incident_id = $1`,
      [merge.survivor],
    );
    try {
      const result = await handleCommand(
        this.store,
        incidentStream(merge.survivor),
        incidentGradeDecider,
        {
          kind: 'note-merged-grade',
          mergedIncidentId: merge.merged,
          grade: carried.grade,
          gradedBy: carried.gradedBy,
          gradeEventId: carried.gradeEventId,
          mergeEventId: cause.mergeEventId,
        },
        {
          metadata: {
            orgUnit: rows[0]?.org_unit ?? cause.orgUnit,
            actor: GRADING_SERVICE,
            correlationId: cause.correlationId,
          },
        },
      );
      return result.events.length > 0;
    } catch (error) {
      // The survivor not heard of yet: its IncidentsMerged, when it comes, notes the grade.
      if (error instanceof DomainRuleError && error.rule === 'grading.incident-unknown') return false;
      throw error;
    }
  }
}
