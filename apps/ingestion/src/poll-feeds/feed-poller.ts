import type { Pool } from 'pg';
import {
  CaptureItem,
  ingestionStreams,
  SourceFetchFailed,
  SourceFetchRecovered,
  type Actor,
} from '@yuqing/contracts';
import { inTransaction, PollingLoop, uuidv7, type PostgresEventStore } from '@yuqing/event-store';
import { canonicalUrl, cleanText, htmlToText } from '@yuqing/ingestion-domain';
import type { CaptureCandidate, CaptureService } from '../capture-items/capture';
import { decodeFeed, parseFeed } from './feed-parser';
import { safeFetch } from './safe-fetch';

interface DueSource {
  source_id: string;
  org_unit: string;
  name: string;
  feed_url: string;
  platform: CaptureCandidate['platform'];
  reach_tier: CaptureCandidate['reachTier'];
  poll_seconds: number | null;
  etag: string | null;
  last_modified: string | null;
  consecutive_failures: number;
}

export interface FeedPollerOptions {
  readonly store: PostgresEventStore;
  readonly pool: Pool;
  readonly pipeline: CaptureService;
  /** Hosts allowed although they resolve to internal addresses (FEED_ALLOWLIST). */
  readonly allowlist: readonly string[];
  readonly defaultPollSeconds: number;
  /** The service's clock. */
  readonly now: () => Date;
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

const POLLER: Actor = { kind: 'service', id: 'ingestion-feed-poller' };
const LEASE_SECONDS = 120;
const MAX_BACKOFF_SECONDS = 6 * 3600;
/** However strong a watch window, a feed is not fetched more than twice a minute. */
const MIN_POLL_SECONDS = 30;

/**
 * Polls RSS/Atom sources when due: conditional GET (ETag / Last-Modified), UTF-8 or the GBK family, new
 * entries through the capture pipeline. A failing source backs off exponentially with an event each time and
 * never holds up the others. Several instances share the work: due sources are claimed with SKIP LOCKED.
 */
export class FeedPoller {
  private readonly loop: PollingLoop;
  private readonly now: () => Date;

  constructor(private readonly options: FeedPollerOptions) {
    this.now = options.now;
    this.loop = new PollingLoop(() => this.pollDue(), {
      idleMs: options.idleMs ?? 5000,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Polls the sources that are due (at most `limit`); returns how many it polled. */
  async pollDue(limit = 5): Promise<number> {
    const s = this.options.store.schema;
    const now = this.now();
    const due = await inTransaction(this.options.pool, async (client) => {
      const { rows } = await client.query<DueSource>(
        `select source_id, org_unit, name, feed_url, platform, reach_tier, poll_seconds, etag, last_modified, consecutive_failures
           from ${s}.sources where feed_url is not null and next_poll_at <= $1
          order by next_poll_at limit $2 for update skip locked`,
        [now, limit],
      );
      // A lease: another instance will not take these while this one works on them.
      await client.query(`update ${s}.sources set next_poll_at = $2 where source_id = any($1)`, [
        rows.map((d) => d.source_id),
        new Date(now.getTime() + LEASE_SECONDS * 1000),
      ]);
      return rows;
    });
    for (const source of due) await this.pollOne(source, now);
    return due.length;
  }

  private async pollOne(source: DueSource, now: Date): Promise<void> {
    const s = this.options.store.schema;
    const { interval, nextWindowStart } = await this.schedule(source, now);
    try {
      const response = await safeFetch(source.feed_url, {
        allowlist: this.options.allowlist,
        headers: {
          ...(source.etag ? { 'if-none-match': source.etag } : {}),
          ...(source.last_modified ? { 'if-modified-since': source.last_modified } : {}),
        },
      });
      if (response.status !== 304) {
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        const entries = parseFeed(decodeFeed(response.body, response.headers['content-type']));
        const candidates = await this.newCandidates(source, entries);
        if (candidates.length > 0) {
          await this.options.pipeline.capture({
            orgUnit: source.org_unit,
            actor: POLLER,
            correlationId: `poll-${uuidv7()}`,
            candidates,
          });
        }
      }
      await this.options.pool.query(
        `update ${s}.sources set etag = $2, last_modified = $3, next_poll_at = $4 where source_id = $1`,
        [
          source.source_id,
          header(response.headers.etag) ?? source.etag,
          header(response.headers['last-modified']) ?? source.last_modified,
          // Not later than the start of the next window, where the shorter interval begins.
          new Date(Math.min(now.getTime() + interval * 1000, nextWindowStart?.getTime() ?? Infinity)),
        ],
      );
      if (source.consecutive_failures > 0) {
        await this.options.store.append(
          ingestionStreams.source.id(source.source_id),
          [
            SourceFetchRecovered.create({
              sourceId: source.source_id,
              failuresBefore: source.consecutive_failures,
            }),
          ],
          {
            expectedVersion: 'any',
            metadata: { orgUnit: source.org_unit, actor: POLLER, correlationId: `poll-${source.source_id}` },
          },
        );
      }
    } catch (error) {
      const failures = source.consecutive_failures + 1;
      const backoff = Math.min(MAX_BACKOFF_SECONDS, interval * 2 ** Math.min(failures, 10));
      const reason =
        cleanText(error instanceof Error ? error.message : String(error), 500) || 'unknown error';
      await this.options.store.append(
        ingestionStreams.source.id(source.source_id),
        [
          SourceFetchFailed.create({
            sourceId: source.source_id,
            consecutiveFailures: failures,
            reason,
            nextAttemptAt: new Date(now.getTime() + backoff * 1000).toISOString(),
          }),
        ],
        {
          expectedVersion: 'any',
          metadata: { orgUnit: source.org_unit, actor: POLLER, correlationId: `poll-${source.source_id}` },
        },
      );
      this.options.onError?.(error);
    }
  }

  /**
   * The source's interval, shortened inside a heightened-watch window (重点时段) of its unit or a unit above it (a
   * city's window covers its counties; the strongest factor wins), and when the next such window begins.
   */
  private async schedule(
    source: DueSource,
    now: Date,
  ): Promise<{ interval: number; nextWindowStart: Date | undefined }> {
    const { rows } = await this.options.pool.query<{ factor: number | null; next_start: Date | null }>(
      `select min(poll_interval_factor) filter (where starts_at <= $2 and $2 < ends_at) as factor,
              min(starts_at) filter (where starts_at > $2) as next_start
         from ${this.options.store.schema}.watch_windows
        where ($1 = org_unit or $1 like org_unit || '.%') and cancelled_at is null and ends_at > $2`,
      [source.org_unit, now],
    );
    const interval = Math.max(
      MIN_POLL_SECONDS,
      Math.round((source.poll_seconds ?? this.options.defaultPollSeconds) * (rows[0]?.factor ?? 1)),
    );
    return { interval, nextWindowStart: rows[0]?.next_start ?? undefined };
  }

  /** Entries not seen before in this unit, as valid capture candidates; malformed entries are skipped. */
  private async newCandidates(
    source: DueSource,
    entries: ReturnType<typeof parseFeed>,
  ): Promise<CaptureCandidate[]> {
    const candidates: CaptureCandidate[] = [];
    for (const entry of entries) {
      const text = htmlToText(entry.content, 50_000);
      const parsed = CaptureItem.safeParse({
        url: entry.link,
        platform: source.platform,
        reachTier: source.reach_tier,
        sourceId: source.source_id,
        outlet: cleanText(source.name, 200),
        ...(entry.author ? { author: cleanText(entry.author, 200) } : {}),
        title: cleanText(htmlToText(entry.title) || text.split('\n')[0] || '(无标题)', 500),
        text: text || cleanText(entry.title, 500),
        ...(entry.publishedAt ? { publishedAt: entry.publishedAt } : {}),
        captureMethod: 'crawler',
      });
      if (parsed.success) candidates.push(parsed.data);
    }
    if (candidates.length === 0) return [];
    const urls = candidates.map((c) => canonicalUrl(c.url));
    const { rows } = await this.options.pool.query<{ canonical_url: string }>(
      `select canonical_url from ${this.options.store.schema}.items where org_unit = $1 and canonical_url = any($2)`,
      [source.org_unit, urls],
    );
    const known = new Set(rows.map((r) => r.canonical_url));
    return candidates.filter((_, i) => !known.has(urls[i]!));
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
