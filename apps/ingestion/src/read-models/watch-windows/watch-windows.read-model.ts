import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { scopeCondition } from '@yuqing/auth';
import { ProjectionRunner } from '@yuqing/event-store';
import { watchWindowStatus } from '@yuqing/ingestion-domain';
import { Clock, cursor, nextCursor, page, PG_POOL, ReadModel } from '@yuqing/service-kit';

export const watchWindowListing = page.extend({
  /** `active` (default): current and upcoming. */
  status: z.enum(['active', 'current', 'upcoming', 'ended', 'cancelled', 'all']).default('active'),
});

/** Each status as a condition on the windows at `$3` (now); every one names `$3`, so its type is known. */
const STATUS_SQL: Record<z.infer<typeof watchWindowListing>['status'], string> = {
  active: 'cancelled_at is null and ends_at > $3::timestamptz',
  current: 'cancelled_at is null and starts_at <= $3::timestamptz and $3 < ends_at',
  upcoming: 'cancelled_at is null and starts_at > $3::timestamptz',
  ended: 'cancelled_at is null and ends_at <= $3::timestamptz',
  cancelled: 'cancelled_at is not null and $3::timestamptz is not null',
  all: '$3::timestamptz is not null',
};

interface WindowRow {
  windowId: string;
  orgUnit: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  pollIntervalFactor: number;
  scheduledAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

/** The watch windows a caller may see, by status as of the service's clock, newest start first, a page at a time. */
@Injectable()
export class WatchWindowsReadModel extends ReadModel {
  constructor(
    @Inject(PG_POOL) db: Pool | PoolClient,
    @Inject(ProjectionRunner) runner: ProjectionRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super(db, runner);
  }

  async list(scope: readonly string[], query: unknown): Promise<{ watchWindows: unknown[]; next?: string }> {
    const { limit, after, status } = watchWindowListing.parse(query);
    const from = cursor(after);
    const now = this.clock.now();
    const condition = scopeCondition(scope, { column: 'org_unit' });
    const { rows } = await this.db.query<WindowRow>(
      `select window_id as "windowId", org_unit as "orgUnit", name, starts_at as "startsAt", ends_at as "endsAt",
              poll_interval_factor as "pollIntervalFactor", scheduled_at as "scheduledAt",
              cancelled_at as "cancelledAt", cancel_reason as "cancelReason"
         from ${this.table('watch_windows')}
        where ${condition.sql} and ${STATUS_SQL[status]}
          and ($4::timestamptz is null or (starts_at, window_id) < ($4, $5))
        order by starts_at desc, window_id desc limit $6`,
      [...condition.params, now, from?.at ?? null, from?.id ?? null, limit],
    );
    const last = rows[rows.length - 1];
    return {
      watchWindows: rows.map((row) => ({
        ...row,
        status: watchWindowStatus({ ...row, cancelled: row.cancelledAt !== null }, now),
      })),
      ...(rows.length === limit && last ? { next: nextCursor(last.startsAt, last.windowId) } : {}),
    };
  }

  /** The unit of a window (the guard has found it, so it exists); `on(tx.client)` to read in a transaction. */
  async orgUnitOf(windowId: string): Promise<string> {
    const { rows } = await this.db.query<{ org_unit: string }>(
      `select org_unit from ${this.table('watch_windows')} where window_id = $1`,
      [windowId],
    );
    return rows[0]!.org_unit;
  }
}
