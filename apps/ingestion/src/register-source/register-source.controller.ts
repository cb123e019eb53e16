import { lookup } from 'node:dns/promises';
import { Body, Controller, Get, Inject, Post, Query, UnprocessableEntityException } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { actorOf, Auth, type AuthContext, Permission, scopeCondition } from '@yuqing/auth';
import { platform, reachTier, SourceRegistered } from '@yuqing/contracts';
import { PostgresEventStore, uuidv7 } from '@yuqing/event-store';
import { PG_POOL } from '@yuqing/service-kit';
import { INGESTION_CONFIG } from '../ingestion.tokens';
import type { IngestionConfig } from '../ingestion.config';
import { isInternalAddress } from '../poll-feeds/safe-fetch';

const registration = z.strictObject({
  orgUnit: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  platform,
  reachTier,
  feedUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  pollSeconds: z.number().int().min(60).max(86_400).optional(),
});

/** Sources (监测源): outlets and accounts a unit monitors, with their reach; feeds are polled. */
@Controller('api/ingestion/sources')
export class RegisterSourceController {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post()
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  async register(@Body() body: unknown, @Auth() auth: AuthContext): Promise<{ sourceId: string }> {
    const request = registration.parse(body);
    if (request.feedUrl) await this.refuseInternal(request.feedUrl);
    const sourceId = uuidv7();
    const { orgUnit, ...source } = request;
    await this.store.append(
      `ingestion-source-${sourceId}`,
      [SourceRegistered.create({ sourceId, ...source })],
      {
        expectedVersion: 'no_stream',
        metadata: { orgUnit, actor: actorOf(auth), correlationId: sourceId },
      },
    );
    return { sourceId };
  }

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async list(@Auth() auth: AuthContext, @Query('limit') limit?: string): Promise<{ sources: unknown[] }> {
    const scope = scopeCondition(auth.scope, { column: 'org_unit' });
    const { rows } = await this.pool.query(
      `select source_id as "sourceId", org_unit as "orgUnit", name, url, platform, reach_tier as "reachTier", feed_url as "feedUrl",
              consecutive_failures as "consecutiveFailures", next_poll_at as "nextPollAt"
         from ${this.store.schema}.sources where ${scope.sql} order by registered_at desc limit $3`,
      [...scope.params, Math.min(Number(limit) || 100, 500)],
    );
    return { sources: rows };
  }

  /** No SSRF: a feed may not point inside the network unless an operator allow-listed its host. */
  private async refuseInternal(feedUrl: string): Promise<void> {
    const url = new URL(feedUrl);
    if (this.config.FEED_ALLOWLIST.includes(url.hostname) || this.config.FEED_ALLOWLIST.includes(url.host))
      return;
    let addresses: { address: string }[];
    try {
      addresses = await lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true });
    } catch {
      throw new UnprocessableEntityException({
        message: `feed host ${url.hostname} does not resolve`,
        rule: 'ingestion.feed-host-unresolvable',
      });
    }
    const internal = addresses.find((a) => isInternalAddress(a.address));
    if (internal) {
      throw new UnprocessableEntityException({
        message: `feed host ${url.hostname} resolves to ${internal.address}, an internal address; an operator must allow-list it (FEED_ALLOWLIST)`,
        rule: 'ingestion.feed-address-internal',
      });
    }
  }
}
