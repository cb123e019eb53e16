import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  FindingRecorded,
  RatingComputed,
  reviewStreams,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import {
  DEFAULT_DETECTION_POLICY,
  evolveFinding,
  findingKey,
  initialFindingState,
  inPeriod,
  periodBounds,
  rate,
  replayDetection,
  schemeByVersion,
  within,
  type FindingDraft,
  type RatedFinding,
} from '@yuqing/review-domain';
import { PG_POOL } from '@yuqing/service-kit';
import { findingIdOf, FACT_COLUMNS, factOfRow, type FactRow } from '../record-facts/fact-recorder';
import { RatingsReadModel } from '../read-models/ratings/ratings.read-model';

/** How far before a period facts still decide its findings (an obligation opened then, overdue in the period). */
const LOOK_BACK_MS = 90 * 86_400_000;

export interface Difference {
  readonly findingId: string;
  readonly key: string;
  readonly problem: 'recorded-not-recomputed' | 'recomputed-not-recorded' | 'differs';
  readonly recorded?: FindingDraft;
  readonly recomputed?: FindingDraft;
}

export interface RatingDifference {
  readonly orgUnitId: string;
  readonly ratingId: string;
  readonly recorded: Pick<EventData<typeof RatingComputed>, 'score' | 'rating' | 'lines'>;
  readonly recomputed: Pick<EventData<typeof RatingComputed>, 'score' | 'rating' | 'lines'>;
}

export interface Recomputation {
  readonly period: string;
  readonly orgUnit: string;
  readonly findings: {
    readonly recorded: number;
    readonly recomputed: number;
    readonly equal: boolean;
    readonly differences: readonly Difference[];
  };
  readonly ratings: {
    readonly recorded: number;
    readonly equal: boolean;
    readonly differences: readonly RatingDifference[];
  };
}

function withoutId(data: EventData<typeof FindingRecorded>): FindingDraft {
  const { findingId: _id, ...draft } = data;
  return draft;
}

/** Keys in one order, so two drafts compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * Recomputes a period from zero for an auditor: the findings, by replaying the detectors over the facts recorded
 * (replayDetection), against the FindingRecorded events in the log; and each department's standing rating, from
 * its findings' rulings as they stood when it was computed, against the RatingComputed event.
 */
@Injectable()
export class PeriodRecomputation {
  constructor(
    @Inject(PG_POOL) private readonly db: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(RatingsReadModel) private readonly ratings: RatingsReadModel,
  ) {}

  async run(orgUnit: string, period: string): Promise<Recomputation> {
    const ours = (unit: string, quarter: string) => within(unit, orgUnit) && inPeriod(quarter, period);
    const { from } = periodBounds(period);
    const table = `${this.store.schema}.facts`;
    const { rows } = await this.db.query<FactRow>(
      `select ${FACT_COLUMNS} from ${table}
        where scope in (select distinct scope from ${table} where time >= $1 and scope not like 'item:%')
        order by seq`,
      [new Date(from.getTime() - LOOK_BACK_MS)],
    );
    const recomputed = replayDetection(
      rows.map((row) => ({ seq: Number(row.seq), scope: row.scope, batch: row.batch, fact: factOfRow(row) })),
      DEFAULT_DETECTION_POLICY,
    ).filter((draft) => ours(draft.responsibleOrgUnitId, draft.period));

    const recordedEvents = await this.findingEvents(orgUnit, period);
    const recorded = new Map<string, FindingDraft>();
    for (const [findingId, events] of recordedEvents) {
      const first = events[0];
      if (first?.type === FindingRecorded.type)
        recorded.set(findingId, withoutId(first.data as EventData<typeof FindingRecorded>));
    }
    const differences: Difference[] = [];
    const seen = new Set<string>();
    for (const draft of recomputed) {
      const findingId = findingIdOf(draft);
      seen.add(findingId);
      const inLog = recorded.get(findingId);
      if (!inLog)
        differences.push({
          findingId,
          key: findingKey(draft),
          problem: 'recomputed-not-recorded',
          recomputed: draft,
        });
      else if (canonical(inLog) !== canonical(draft))
        differences.push({
          findingId,
          key: findingKey(draft),
          problem: 'differs',
          recorded: inLog,
          recomputed: draft,
        });
    }
    for (const [findingId, inLog] of recorded)
      if (!seen.has(findingId))
        differences.push({
          findingId,
          key: findingKey(inLog),
          problem: 'recorded-not-recomputed',
          recorded: inLog,
        });

    const ratingDifferences: RatingDifference[] = [];
    const standing = await this.ratings.list([orgUnit], period);
    for (const row of standing) {
      const events = await this.store.readStream(reviewStreams.rating.id(`${row.orgUnit}:${row.period}`));
      const last = events[events.length - 1];
      if (!last) continue;
      const data = last.data as EventData<typeof RatingComputed>;
      const scheme = schemeByVersion(data.schemeVersion);
      const findings: RatedFinding[] = [];
      for (const [findingId, history] of recordedEvents) {
        const first = history[0]?.data as EventData<typeof FindingRecorded> | undefined;
        if (!first || first.responsibleOrgUnitId !== row.orgUnit) continue;
        const asThen = history
          .filter((e) => e.recordedAt.getTime() <= last.recordedAt.getTime())
          .reduce(evolveFinding, initialFindingState());
        if (asThen.status === 'none') continue;
        findings.push({
          findingId,
          kind: first.kind,
          severity: first.severity,
          subject: first.subject,
          responsibleOrgUnitId: first.responsibleOrgUnitId,
          responsiblePersonId: first.responsiblePersonId,
          status: asThen.status,
        });
      }
      const again = scheme ? rate(scheme, findings) : undefined;
      const pick = (r: {
        score: number;
        rating: EventData<typeof RatingComputed>['rating'];
        lines: EventData<typeof RatingComputed>['lines'];
      }) => ({
        score: r.score,
        rating: r.rating,
        lines: [...r.lines].sort((a, b) => a.findingId.localeCompare(b.findingId)),
      });
      if (!again || canonical(pick(again)) !== canonical(pick(data)))
        ratingDifferences.push({
          orgUnitId: row.orgUnit,
          ratingId: data.ratingId,
          recorded: pick(data),
          recomputed: again ? pick(again) : { score: Number.NaN, rating: data.rating, lines: [] },
        });
    }
    return {
      period,
      orgUnit,
      findings: {
        recorded: recorded.size,
        recomputed: recomputed.length,
        equal: differences.length === 0,
        differences,
      },
      ratings: {
        recorded: standing.length,
        equal: ratingDifferences.length === 0,
        differences: ratingDifferences,
      },
    };
  }

  /** The finding streams of the period under the unit, as the log holds them. */
  private async findingEvents(orgUnit: string, period: string): Promise<Map<string, RecordedEvent[]>> {
    const { rows } = await this.db.query<{ finding_id: string }>(
      `select finding_id from ${this.store.schema}.findings
        where (org_unit = $1 or org_unit like $1 || '.%') and (period = $2 or period like $2 || '-Q_')
        order by finding_id`,
      [orgUnit, period],
    );
    const streams = new Map<string, RecordedEvent[]>();
    for (const row of rows)
      streams.set(row.finding_id, await this.store.readStream(reviewStreams.finding.id(row.finding_id)));
    return streams;
  }
}
