import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { guidanceStreams, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { cursor, nextCursor, PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface ResponseRow {
  readonly incidentId: string;
  readonly orgUnit: string;
  readonly level: string | null;
  readonly planOpenedAt: Date | null;
  readonly openedBy: string | null;
  readonly drafter: unknown;
  readonly channels: string[];
  readonly firstResponseDueAt: Date | null;
  readonly firstResponseRemindAt: Date | null;
  /** When the first release was published, and which; the reminder and overdue the watcher recorded. */
  readonly firstResponseAt: Date | null;
  readonly firstResponseReleaseId: string | null;
  readonly firstResponseRemindedAt: Date | null;
  readonly firstResponseOverdueAt: Date | null;
  /**
   * The first response: `pending` (due, none yet), `overdue` (none by the deadline), `on-time` or `late` (published
   * after the deadline, or after the overdue was recorded); null while the plan has no deadline.
   */
  readonly firstResponse: 'pending' | 'overdue' | 'on-time' | 'late' | null;
  readonly releaseApprover: string | null;
  readonly releaseApproverOrgUnitId: string | null;
  readonly specialTeam: unknown;
  /** Who may approve a release now (第二十一条). */
  readonly requiredApprovers: string[];
  readonly updatedAt: Date;
  readonly version: number;
}

export interface WordingRow {
  readonly wordingId: string;
  readonly version: number;
  readonly facts: unknown;
  readonly figures: unknown;
  readonly text: string;
  readonly outlet: unknown;
  readonly statesCause: boolean;
  readonly characterises: boolean;
  readonly status: 'draft' | 'approved' | 'refused';
  readonly decidedAs: string | null;
  readonly refusalReason: string | null;
  readonly draftedAt: Date;
  readonly decidedAt: Date | null;
}

export interface ReleaseRow {
  readonly releaseId: string;
  readonly incidentId: string;
  readonly orgUnit: string;
  readonly kind: string;
  readonly channel: string;
  readonly status: 'prepared' | 'approved' | 'refused' | 'published';
  readonly wordingId: string;
  readonly wordingVersion: number;
  readonly text: string;
  readonly figures: unknown;
  readonly whyNotYetResolved: string | null;
  readonly requiredApprovers: string[];
  readonly decidedAs: string | null;
  readonly refusalReason: string | null;
  readonly url: string | null;
  readonly publishedAt: Date | null;
  /** Attempts to publish it that were refused and recorded (第二十八条). */
  readonly publicationRefusals: number;
  readonly preparedAt: Date;
}

export interface GapRow {
  readonly gapId: string;
  readonly incidentId: string;
  readonly orgUnit: string;
  readonly gap: string;
  readonly detail: string;
  readonly level: string | null;
  readonly releaseApprover: string | null;
  readonly causeEventId: string;
  readonly foundAt: Date;
}

/** One incident's response with everything under it. */
export interface ResponseDetail extends ResponseRow {
  readonly gaps: GapRow[];
  readonly wordings: WordingRow[];
  readonly releases: ReleaseRow[];
}

const RESPONSE = `incident_id as "incidentId", org_unit as "orgUnit", level, plan_opened_at as "planOpenedAt",
  opened_by as "openedBy", drafter, channels, first_response_due_at as "firstResponseDueAt",
  first_response_remind_at as "firstResponseRemindAt", first_response_at as "firstResponseAt",
  first_response_release_id as "firstResponseReleaseId", first_response_reminded_at as "firstResponseRemindedAt",
  first_response_overdue_at as "firstResponseOverdueAt",
  case
    when first_response_at is not null then
      case when first_response_overdue_at is not null or first_response_at > first_response_due_at
        then 'late' else 'on-time' end
    when first_response_overdue_at is not null then 'overdue'
    when first_response_due_at is not null then 'pending'
  end as "firstResponse",
  release_approver as "releaseApprover", release_approver_org_unit_id as "releaseApproverOrgUnitId",
  special_team as "specialTeam", required_approvers as "requiredApprovers", updated_at as "updatedAt", version`;
const WORDING = `wording_id as "wordingId", version, facts, figures, text, outlet, states_cause as "statesCause",
  characterises, status, decided_as as "decidedAs", refusal_reason as "refusalReason", drafted_at as "draftedAt",
  decided_at as "decidedAt"`;
const RELEASE = `release_id as "releaseId", incident_id as "incidentId", org_unit as "orgUnit", kind, channel, status,
  wording_id as "wordingId", wording_version as "wordingVersion", text, figures,
  why_not_yet_resolved as "whyNotYetResolved", required_approvers as "requiredApprovers", decided_as as "decidedAs",
  refusal_reason as "refusalReason", url, published_at as "publishedAt",
  publication_refusals as "publicationRefusals", prepared_at as "preparedAt"`;
const GAP = `event_id as "gapId", incident_id as "incidentId", org_unit as "orgUnit", gap, detail, level,
  release_approver as "releaseApprover", cause_event_id as "causeEventId", found_at as "foundAt"`;

export interface ReleaseFilter {
  readonly incidentId?: string;
  readonly status?: string;
  readonly kind?: string;
}

/** Queries on the responses projection; GET controllers and handlers call these, never SQL. */
@Injectable()
export class ResponsesReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** A page of the responses within `scope`, most recently changed first. */
  async list(
    scope: readonly string[],
    limit: number,
    after: string | undefined,
  ): Promise<{ responses: ResponseRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<ResponseRow>(
      `select ${RESPONSE} from ${this.table('responses')}
        where ${inScope.sql} and ($3::timestamptz is null or (updated_at, incident_id) < ($3, $4))
        order by updated_at desc, incident_id desc limit $5`,
      [...inScope.params, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      responses: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.updatedAt, last.incidentId) } : {}),
    };
  }

  /** The response, its gaps, every wording version and every release. */
  async one(incidentId: string): Promise<ResponseDetail | undefined> {
    const { rows } = await this.db.query<ResponseRow>(
      `select ${RESPONSE} from ${this.table('responses')} where incident_id = $1`,
      [incidentId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const [gaps, wordings, releases] = await Promise.all([
      this.db.query<GapRow>(
        `select ${GAP} from ${this.table('response_gaps')} where incident_id = $1 order by found_at, event_id`,
        [incidentId],
      ),
      this.db.query<WordingRow>(
        `select ${WORDING} from ${this.table('wordings')} where incident_id = $1 order by drafted_at, wording_id, version`,
        [incidentId],
      ),
      this.db.query<ReleaseRow>(
        `select ${RELEASE} from ${this.table('releases')} where incident_id = $1 order by prepared_at, release_id`,
        [incidentId],
      ),
    ]);
    return { ...row, gaps: gaps.rows, wordings: wordings.rows, releases: releases.rows };
  }

  /** A page of releases within `scope`, newest first, filtered by incident, status and kind. */
  async releases(
    scope: readonly string[],
    filter: ReleaseFilter,
    limit: number,
    after: string | undefined,
  ): Promise<{ releases: ReleaseRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<ReleaseRow>(
      `select ${RELEASE} from ${this.table('releases')}
        where ${inScope.sql}
          and ($${n + 1}::text is null or incident_id = $${n + 1})
          and ($${n + 2}::text is null or status = $${n + 2})
          and ($${n + 3}::text is null or kind = $${n + 3})
          and ($${n + 4}::timestamptz is null or (prepared_at, release_id) < ($${n + 4}, $${n + 5}))
        order by prepared_at desc, release_id desc limit $${n + 6}`,
      [
        ...inScope.params,
        filter.incidentId ?? null,
        filter.status ?? null,
        filter.kind ?? null,
        from?.at ?? null,
        from?.id ?? null,
        limit,
      ],
    );
    const last = rows[rows.length - 1];
    return {
      releases: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.preparedAt, last.releaseId) } : {}),
    };
  }

  /** A page of the gaps found in release arrangements within `scope`, newest first. */
  async gaps(
    scope: readonly string[],
    incidentId: string | undefined,
    limit: number,
    after: string | undefined,
  ): Promise<{ gaps: GapRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<GapRow>(
      `select ${GAP} from ${this.table('response_gaps')}
        where ${inScope.sql}
          and ($${n + 1}::text is null or incident_id = $${n + 1})
          and ($${n + 2}::timestamptz is null or (found_at, event_id) < ($${n + 2}, $${n + 3}))
        order by found_at desc, event_id desc limit $${n + 4}`,
      [...inScope.params, incidentId ?? null, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      gaps: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.foundAt, last.gapId) } : {}),
    };
  }

  /** The org unit of an incident's response, for the guard (resolver `response`). */
  async orgUnitOf(incidentId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ org_unit: string }>(
      `select org_unit from ${this.table('responses')} where incident_id = $1`,
      [incidentId],
    );
    return rows[0]?.org_unit;
  }

  /** Its decisions as recorded, oldest first: the audit trail. */
  history(incidentId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(guidanceStreams.response.id(incidentId));
  }
}
