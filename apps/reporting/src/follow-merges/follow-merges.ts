import { Inject, Injectable } from '@nestjs/common';
import type { EventMetadata, NewEvent } from '@yuqing/contracts';
import { PostgresEventStore, type EventStoreTransaction, type StreamAppend } from '@yuqing/event-store';
import {
  decideMerge,
  reportingDecider,
  reportingStreamId,
  type ReportingPolicy,
} from '@yuqing/reporting-domain';
import { REPORTING_POLICY } from '../reporting.tokens';

/** The merge as the consumer learned it: the two incidents, the IncidentsMerged event, their org units. */
export interface Merge {
  readonly survivorIncidentId: string;
  readonly mergedIncidentId: string;
  readonly mergeEventId: string;
  /** The units of the two incidents (a stream's first events take it; later ones keep the stream's). */
  readonly survivorOrgUnit: string;
  readonly mergedOrgUnit: string;
  readonly correlationId: string;
}

/**
 * A monitor merged one incident into another (合并): one set of reporting obligations for both (decideMerge). The
 * two incidents' streams are appended in one transaction: an obligation never leaves one without arriving in the
 * other. Their pending wake-ups are locked first, in the order the deadline watcher takes them (schedule rows,
 * then streams), so the watcher and a merge wait for each other instead of deadlocking, and no wake-up is lost:
 * the obligation's reminders and deadline move to the survivor with it. Idempotent: a merge already followed
 * decides nothing, so a redelivery, or a late grade of the merged incident (whose new obligations then follow),
 * may run it again. Runs in the consumer's inbox transaction (D5): when the watcher or another consumer appended
 * to one of the streams meanwhile, the ConcurrencyError rolls the whole message back, and its retry decides again
 * on what is now.
 */
@Injectable()
export class FollowMerges {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(REPORTING_POLICY) private readonly policy: ReportingPolicy,
  ) {}

  /** Carries over or withdraws the merged incident's obligations, in `tx`; returns the events appended. */
  async follow(tx: EventStoreTransaction, merge: Merge): Promise<readonly NewEvent[]> {
    const survivorStream = reportingStreamId(merge.survivorIncidentId);
    const mergedStream = reportingStreamId(merge.mergedIncidentId);
    const survivor = await tx.aggregateStream(survivorStream, reportingDecider);
    const merged = await tx.aggregateStream(mergedStream, reportingDecider);
    const decision = decideMerge(
      {
        survivorIncidentId: merge.survivorIncidentId,
        mergedIncidentId: merge.mergedIncidentId,
        mergeEventId: merge.mergeEventId,
        policy: this.policy,
      },
      survivor.state,
      merged.state,
    );
    const appends: StreamAppend[] = [];
    const base = (orgUnit: string): EventMetadata => ({
      orgUnit,
      actor: { kind: 'service', id: 'reporting' },
      correlationId: merge.correlationId,
      causationId: merge.mergeEventId,
    });
    if (decision.survivor.length > 0) {
      appends.push({
        streamId: survivorStream,
        events: decision.survivor,
        expectedVersion: survivor.version === 0 ? 'no_stream' : survivor.version,
        metadata: base(survivor.state.orgUnit ?? merge.survivorOrgUnit),
      });
    }
    if (decision.merged.length > 0) {
      appends.push({
        streamId: mergedStream,
        events: decision.merged,
        expectedVersion: merged.version === 0 ? 'no_stream' : merged.version,
        metadata: base(merged.state.orgUnit ?? merge.mergedOrgUnit),
      });
    }
    if (appends.length === 0) return [];
    const subjects = [
      ...merged.state.obligations.map((o) => o.obligationId),
      ...merged.state.bulletins.map((b) => b.bulletinId),
      ...survivor.state.obligations.map((o) => o.obligationId),
    ];
    await tx.client.query(
      `select id from ${this.store.schema}.deadlines where subject_id = any($1::text[]) and fired_at is null
        order by id for update`,
      [subjects],
    );
    await tx.appendMany(appends);
    return appends.flatMap((a) => a.events);
  }
}
