import { Injectable } from '@nestjs/common';
import { scopeCondition } from '@yuqing/auth';
import { cursor, nextCursor, ReadModel } from '@yuqing/service-kit';

/** How a transfer stands at a moment: awaiting its answer, past its limit, or answered (on time or late). */
export type TransferStanding = 'pending' | 'overdue' | 'answered' | 'answered-late';

interface TransferRow {
  transferId: string;
  orgUnit: string;
  fromOrgUnitId: string;
  transferReference: string;
  title: string;
  instructions: string | null;
  transferredAt: Date;
  dueAt: Date;
  status: 'open' | 'answered';
  overdueAt: Date | null;
  answeredAt: Date | null;
  onTime: boolean | null;
  answer: string | null;
  resolution: string | null;
  publicReplyUrl: string | null;
}

export interface TransfersQuery {
  readonly limit: number;
  readonly after?: string;
  /** `received`: transferred to the caller's units; `sent`: by them (the office awaiting answers); else both. */
  readonly direction?: 'received' | 'sent';
  readonly standing?: TransferStanding;
}

function standingSql(standing: TransferStanding | undefined): string {
  switch (standing) {
    case 'pending':
      return `t.status = 'open' and t.due_at > clock.now`;
    case 'overdue':
      return `t.status = 'open' and t.due_at <= clock.now`;
    case 'answered':
      return `t.status = 'answered' and t.on_time`;
    case 'answered-late':
      return `t.status = 'answered' and not t.on_time`;
    default:
      return 'true';
  }
}

/**
 * 转办回告 as both ends see it: the receiving unit its transferred items and their limits, the transferring office
 * (网信办) the answers it awaits and got, on time or late (超期). Newest transfer first; within the caller's scope.
 */
@Injectable()
export class TransfersReadModel extends ReadModel {
  async transfers(
    scope: readonly string[],
    query: TransfersQuery,
    now: Date,
  ): Promise<{ transfers: unknown[]; now: string; next?: string }> {
    const from = cursor(query.after);
    const received = scopeCondition(scope, { column: 't.org_unit' });
    const sent = scopeCondition(scope, { column: 't.from_org_unit' });
    const where =
      query.direction === 'received'
        ? received.sql
        : query.direction === 'sent'
          ? sent.sql
          : `(${received.sql} or ${sent.sql})`;
    const { rows } = await this.db.query<TransferRow>(
      `select t.transfer_id as "transferId", t.org_unit as "orgUnit", t.from_org_unit as "fromOrgUnitId",
              t.transfer_reference as "transferReference", t.title, t.instructions, t.transferred_at as "transferredAt",
              t.due_at as "dueAt", t.status, t.overdue_at as "overdueAt", t.answered_at as "answeredAt",
              t.on_time as "onTime", t.answer, t.resolution, t.public_reply_url as "publicReplyUrl"
         from ${this.table('transfers')} t cross join (select $3::timestamptz as now) clock
        where ${where} and ${standingSql(query.standing)}
          and ($4::timestamptz is null or (t.transferred_at, t.transfer_id) < ($4, $5))
        order by t.transferred_at desc, t.transfer_id desc limit $6`,
      // Both conditions read the same scope parameters ($1, $2).
      [...received.params, now, from?.at ?? null, from?.id ?? null, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      transfers: rows.map((row) => ({ ...row, standing: standingOf(row, now) })),
      now: now.toISOString(),
      ...(rows.length === query.limit && last
        ? { next: nextCursor(last.transferredAt, last.transferId) }
        : {}),
    };
  }
}

function standingOf(row: Pick<TransferRow, 'status' | 'onTime' | 'dueAt'>, now: Date): TransferStanding {
  if (row.status === 'answered') return row.onTime ? 'answered' : 'answered-late';
  return row.dueAt.getTime() <= now.getTime() ? 'overdue' : 'pending';
}
