import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { eventsTopic } from '@yuqing/contracts';
import { InboxConsumer, type ConsumedEvent } from '@yuqing/messaging';

/** The event type whose arrival makes a grant stop working in every service. */
export const GRANT_REVOKED = 'identity.GrantRevoked';

/**
 * The service's copy of revoked grants, fed from the identity topic. The guard asks it on every request, so a
 * revocation takes effect within the relay's and the consumer's latency, without a restart and before the
 * short-lived tokens that carry the grant expire.
 */
export class RevocationList {
  private consumer: InboxConsumer | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  /** The ids among `grantIds` that have been revoked. */
  async revokedAmong(grantIds: readonly string[]): Promise<Set<string>> {
    if (grantIds.length === 0) return new Set();
    const { rows } = await this.pool.query<{ grant_id: string }>(
      `select grant_id from ${this.schema}.revoked_grants where grant_id = any($1::text[])`,
      [[...grantIds]],
    );
    return new Set(rows.map((row) => row.grant_id));
  }

  /** Records a revocation (idempotent). */
  async apply(
    event: Pick<ConsumedEvent, 'eventId' | 'type' | 'data' | 'time'>,
    db: Pick<Pool, 'query'> = this.pool,
  ): Promise<void> {
    if (event.type !== GRANT_REVOKED) return;
    const grantId = (event.data as { grantId?: unknown } | null)?.grantId;
    if (typeof grantId !== 'string' || grantId === '') throw new Error('GrantRevoked without a grantId');
    await db.query(
      `insert into ${this.schema}.revoked_grants (grant_id, revoked_at, event_id) values ($1, $2, $3)
       on conflict (grant_id) do nothing`,
      [grantId, event.time, event.eventId],
    );
  }

  /**
   * Feeds the list from the identity topic. A new service starts `horizonSeconds` back rather than at the topic's
   * beginning: tokens older than that are refused by age, so earlier revocations cannot change an answer.
   */
  async start(
    kafka: Kafka,
    groupId: string,
    horizonSeconds: number,
    onError?: (error: unknown) => void,
  ): Promise<void> {
    this.consumer = new InboxConsumer({
      kafka,
      pool: this.pool,
      schema: this.schema,
      groupId,
      topics: [eventsTopic('identity')],
      // A minute's margin for the relay's lag between a revocation's commit and its publication.
      startFrom: { timestamp: Date.now() - (horizonSeconds + 60) * 1000 },
      sessionTimeoutMs: 10000,
      handle: (event, client) => this.apply(event, client),
      ...(onError ? { onError: (error: unknown) => onError(error) } : {}),
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }
}
