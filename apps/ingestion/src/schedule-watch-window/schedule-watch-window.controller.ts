import { createHash } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { actorOf, Auth, type AuthContext, Permission, scopeCondition } from '@yuqing/auth';
import { WatchWindowCancelled, WatchWindowScheduled, type NewEvent } from '@yuqing/contracts';
import { handleCommand, PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import {
  decideWatchWindow,
  evolveWatchWindow,
  initialWatchWindowState,
  WATCH_WINDOW_LIMITS,
  watchWindowStatus,
  type WatchWindowCommand,
  type WatchWindowState,
} from '@yuqing/ingestion-domain';
import { cursor, nextCursor, page, PG_POOL } from '@yuqing/service-kit';
import { IdempotencyKeyReusedError } from '../capture-items/capture-pipeline';
import { CLOCK } from '../ingestion.tokens';

const DAY_MS = 86_400_000;
const { shape } = WatchWindowScheduled.schema;

const scheduling = z
  .strictObject({
    orgUnit: z.string().min(1).max(200),
    name: shape.name,
    startsAt: shape.startsAt,
    endsAt: shape.endsAt,
    pollIntervalFactor: z
      .number()
      .min(WATCH_WINDOW_LIMITS.minFactor)
      .max(WATCH_WINDOW_LIMITS.maxFactor)
      .default(0.25),
  })
  .superRefine((window, ctx) => {
    const length = Date.parse(window.endsAt) - Date.parse(window.startsAt);
    if (length <= 0) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    else if (length > WATCH_WINDOW_LIMITS.maxDays * DAY_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: `a window lasts at most ${WATCH_WINDOW_LIMITS.maxDays} days`,
      });
  });

const cancellation = z.strictObject({ reason: WatchWindowCancelled.schema.shape.reason });

const listing = page.extend({
  /** `active` (default): current and upcoming. */
  status: z.enum(['active', 'current', 'upcoming', 'ended', 'cancelled', 'all']).default('active'),
});

/** Each status as a condition on the windows at `$3` (now); every one names `$3`, so its type is known. */
const STATUS_SQL: Record<z.infer<typeof listing>['status'], string> = {
  active: 'cancelled_at is null and ends_at > $3::timestamptz',
  current: 'cancelled_at is null and starts_at <= $3::timestamptz and $3 < ends_at',
  upcoming: 'cancelled_at is null and starts_at > $3::timestamptz',
  ended: 'cancelled_at is null and ends_at <= $3::timestamptz',
  cancelled: 'cancelled_at is not null and $3::timestamptz is not null',
  all: '$3::timestamptz is not null',
};

const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/);

const windowStream = (windowId: string) => `ingestion-watch-window-${windowId}`;

/** The decider with its events checked against their contracts before anything is stored. */
const watchWindowDecider = {
  initialState: initialWatchWindowState,
  evolve: evolveWatchWindow,
  decide: (command: WatchWindowCommand, state: WatchWindowState): NewEvent[] =>
    decideWatchWindow(command, state).map((event) => ({
      ...event,
      data: (event.type === WatchWindowScheduled.type ? WatchWindowScheduled : WatchWindowCancelled).parse(
        event.data,
      ),
    })),
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

/**
 * Heightened-watch windows (重点时段): holidays and sensitive dates when a unit's feeds (and those of the units
 * below it) are polled more often. POST schedules one, GET lists them, a cancellation ends one early.
 */
@Controller('api/ingestion/watch-windows')
export class ScheduleWatchWindowController {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Post()
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  async schedule(
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<{ windowId: string; status: string }> {
    const { orgUnit, ...window } = scheduling.parse(body);
    if (key !== undefined && !idempotencyKey.safeParse(key).success)
      throw new BadRequestException({
        message: 'the request is not valid',
        errors: [{ path: 'headers.idempotency-key', message: 'must be 1–200 printable ASCII characters' }],
      });
    const s = this.store.schema;
    const now = this.clock();
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ orgUnit, ...window }))
      .digest('hex');
    return this.store.transaction(async (tx) => {
      if (key !== undefined) {
        // A retry waits for the first attempt of the same key, then gets its answer.
        await tx.client.query('select pg_advisory_xact_lock(hashtext($1))', [
          `ingestion.watch-window.${orgUnit}.${key}`,
        ]);
        const { rows } = await tx.client.query<{ request_hash: string; response: { windowId: string } }>(
          `select request_hash, response from ${s}.idempotency_keys where org_unit = $1 and key = $2`,
          [orgUnit, `watch-window:${key}`],
        );
        if (rows[0]) {
          if (rows[0].request_hash !== requestHash) throw new IdempotencyKeyReusedError(key);
          return { windowId: rows[0].response.windowId, status: 'scheduled' };
        }
      }
      const windowId = uuidv7();
      const events = watchWindowDecider.decide(
        { kind: 'schedule', windowId, ...window, now },
        initialWatchWindowState(),
      );
      await tx.append(windowStream(windowId), events, {
        expectedVersion: 'no_stream',
        metadata: { orgUnit, actor: actorOf(auth), correlationId: key ?? windowId },
      });
      if (key !== undefined)
        await tx.client.query(
          `insert into ${s}.idempotency_keys (org_unit, key, request_hash, response) values ($1, $2, $3, $4)`,
          [orgUnit, `watch-window:${key}`, requestHash, JSON.stringify({ windowId })],
        );
      return { windowId, status: 'scheduled' };
    });
  }

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ watchWindows: unknown[]; next?: string }> {
    const { limit, after, status } = listing.parse(query);
    const from = cursor(after);
    const now = this.clock();
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query<WindowRow>(
      `select window_id as "windowId", org_unit as "orgUnit", name, starts_at as "startsAt", ends_at as "endsAt",
              poll_interval_factor as "pollIntervalFactor", scheduled_at as "scheduledAt",
              cancelled_at as "cancelledAt", cancel_reason as "cancelReason"
         from ${this.store.schema}.watch_windows
        where ${scope.sql} and ${STATUS_SQL[status]}
          and ($4::timestamptz is null or (starts_at, window_id) < ($4, $5))
        order by starts_at desc, window_id desc limit $6`,
      [...scope.params, now, from?.at ?? null, from?.id ?? null, limit],
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

  @Post(':windowId/cancellations')
  @HttpCode(201)
  @Permission('ingestion.manage-sources', {
    orgUnitFrom: { resolver: 'watch-window', from: 'params.windowId' },
  })
  async cancel(
    @Param('windowId') windowId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
  ): Promise<{ windowId: string; status: string }> {
    const { reason } = cancellation.parse(body);
    const { rows } = await this.pool.query<{ org_unit: string }>(
      `select org_unit from ${this.store.schema}.watch_windows where window_id = $1`,
      [windowId],
    );
    await handleCommand(
      this.store,
      windowStream(windowId),
      watchWindowDecider,
      { kind: 'cancel', windowId, reason, now: this.clock() },
      { metadata: { orgUnit: rows[0]!.org_unit, actor: actorOf(auth), correlationId: windowId } },
    );
    return { windowId, status: 'cancelled' };
  }
}
