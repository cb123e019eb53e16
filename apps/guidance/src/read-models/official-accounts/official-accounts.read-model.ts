import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { scopeCondition } from '@yuqing/auth';
import { guidanceStreams, type RecordedEvent } from '@yuqing/contracts';
import { PostgresEventStore, ProjectionRunner } from '@yuqing/event-store';
import { cursor, nextCursor, PG_POOL, ReadModel } from '@yuqing/service-kit';

export interface OfficialAccountRow {
  readonly accountId: string;
  readonly orgUnit: string;
  readonly kind: string;
  readonly platform: string;
  readonly name: string;
  readonly urlPrefixes: string[];
  readonly authorNames: string[];
  readonly status: 'active' | 'retired';
  readonly registeredAt: Date;
  readonly retiredAt: Date | null;
  readonly retireReason: string | null;
  readonly version: number;
}

/** An account an item may come from, with how its items are recognised. */
export interface AccountCandidate {
  readonly accountId: string;
  readonly orgUnit: string;
  readonly platform: string;
  readonly urlPrefixes: string[];
  readonly authorNames: string[];
}

export interface UnapprovedReleaseRow {
  readonly detectionId: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly orgUnit: string;
  readonly itemId: string;
  readonly url: string;
  readonly title: string;
  readonly capturedAt: Date;
  readonly publishedAt: Date | null;
  readonly nearestRelease: {
    readonly releaseId: string;
    readonly incidentId: string;
    readonly url: string | null;
    readonly similarity: number;
  } | null;
  readonly similarityThreshold: number;
  readonly ruleSetVersion: string;
  readonly detectedAt: Date;
}

const ACCOUNT_COLUMNS = `account_id as "accountId", org_unit as "orgUnit", kind, platform, name,
  url_prefixes as "urlPrefixes", author_names as "authorNames", status, registered_at as "registeredAt",
  retired_at as "retiredAt", retire_reason as "retireReason", version`;

const DETECTION_COLUMNS = `event_id as "detectionId", account_id as "accountId", account_name as "accountName",
  org_unit as "orgUnit", item_id as "itemId", url, title, captured_at as "capturedAt", published_at as "publishedAt",
  case when nearest_release_id is null then null else jsonb_build_object('releaseId', nearest_release_id,
    'incidentId', nearest_incident_id, 'url', nearest_url, 'similarity', similarity) end as "nearestRelease",
  similarity_threshold as "similarityThreshold", rule_set_version as "ruleSetVersion", detected_at as "detectedAt"`;

/** Queries on guidance.official-accounts: the accounts, the detections, and the accounts an item may be from. */
@Injectable()
export class OfficialAccountsReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {
    super(db, runner);
  }

  /** A page of the official accounts within `scope`, newest registration first. */
  async list(
    scope: readonly string[],
    limit: number,
    after: string | undefined,
  ): Promise<{ accounts: OfficialAccountRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<OfficialAccountRow>(
      `select ${ACCOUNT_COLUMNS} from ${this.table('official_accounts')}
        where ${inScope.sql} and ($${n + 1}::timestamptz is null or (registered_at, account_id) < ($${n + 1}, $${n + 2}))
        order by registered_at desc, account_id desc limit $${n + 3}`,
      [...inScope.params, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      accounts: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.registeredAt, last.accountId) } : {}),
    };
  }

  async one(accountId: string): Promise<OfficialAccountRow | undefined> {
    const { rows } = await this.db.query<OfficialAccountRow>(
      `select ${ACCOUNT_COLUMNS} from ${this.table('official_accounts')} where account_id = $1`,
      [accountId],
    );
    return rows[0];
  }

  /** The org unit of an account, for the guard (resolver `officialAccount`). */
  async orgUnitOf(accountId: string): Promise<string | undefined> {
    return (await this.one(accountId))?.orgUnit;
  }

  /** Its registration, retirement and detections as recorded, oldest first. */
  history(accountId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(guidanceStreams.account.id(accountId));
  }

  /** The active accounts that could have posted an item: one of their prefixes on its host, or its platform. */
  async candidatesFor(host: string | undefined, platform: string): Promise<AccountCandidate[]> {
    const { rows } = await this.db.query<AccountCandidate>(
      `select account_id as "accountId", org_unit as "orgUnit", platform, url_prefixes as "urlPrefixes",
              author_names as "authorNames"
         from ${this.table('official_accounts')}
        where status = 'active' and (hosts && $1::text[] or platform = $2) order by account_id`,
      [host === undefined ? [] : [host], platform],
    );
    return rows;
  }

  /** A page of the releases detected as unapproved within `scope`, newest first. */
  async detections(
    scope: readonly string[],
    limit: number,
    after: string | undefined,
    accountId?: string,
  ): Promise<{ detections: UnapprovedReleaseRow[]; next?: string }> {
    const from = cursor(after);
    const inScope = scopeCondition(scope, { column: 'org_unit' });
    const n = inScope.params.length;
    const { rows } = await this.db.query<UnapprovedReleaseRow>(
      `select ${DETECTION_COLUMNS} from ${this.table('unapproved_releases')}
        where ${inScope.sql} and ($${n + 1}::text is null or account_id = $${n + 1})
          and ($${n + 2}::timestamptz is null or (detected_at, event_id) < ($${n + 2}, $${n + 3}::uuid))
        order by detected_at desc, event_id desc limit $${n + 4}`,
      [...inScope.params, accountId ?? null, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      detections: rows,
      ...(rows.length === limit && last ? { next: nextCursor(last.detectedAt, last.detectionId) } : {}),
    };
  }
}
