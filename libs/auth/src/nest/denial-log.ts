import type { Pool } from 'pg';
import type { Principal } from '../principal';
import type { DenialReason } from '../access';

export interface Denial {
  readonly principal: Principal;
  readonly permission: string;
  readonly orgUnit: string | undefined;
  readonly reason: DenialReason;
  readonly detail: string;
  readonly method: string;
  /** The path without its query string. */
  readonly path: string;
}

export interface RecordedDenial {
  readonly at: string;
  readonly subject: string;
  readonly subjectKind: string;
  readonly permission: string;
  readonly orgUnit: string | null;
  readonly reason: string;
  readonly detail: string;
  readonly method: string;
  readonly path: string;
}

/** Append-only log of refused requests in the service's auth schema (never the token, only its id). */
export class DenialLog {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async record(denial: Denial): Promise<void> {
    await this.pool.query(
      `insert into ${this.schema}.access_denials
         (subject, subject_kind, token_id, permission, org_unit, reason, detail, method, path)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        denial.principal.subject,
        denial.principal.kind,
        denial.principal.tokenId ?? null,
        denial.permission,
        denial.orgUnit ?? null,
        denial.reason,
        denial.detail,
        denial.method,
        denial.path.slice(0, 500),
      ],
    );
  }

  /** Denials concerning units within `scopeSql` (a scopeCondition on `org_unit`), newest first. */
  async list(condition: { sql: string; params: unknown[] }, limit = 100): Promise<RecordedDenial[]> {
    const { rows } = await this.pool.query<{
      at: Date;
      subject: string;
      subject_kind: string;
      permission: string;
      org_unit: string | null;
      reason: string;
      detail: string;
      method: string;
      path: string;
    }>(
      `select * from ${this.schema}.access_denials where ${condition.sql} order by id desc limit ${Math.min(Math.max(1, Math.floor(limit)), 500)}`,
      condition.params,
    );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      subject: r.subject,
      subjectKind: r.subject_kind,
      permission: r.permission,
      orgUnit: r.org_unit,
      reason: r.reason,
      detail: r.detail,
      method: r.method,
      path: r.path,
    }));
  }
}
