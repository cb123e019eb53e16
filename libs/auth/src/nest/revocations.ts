import { Inject } from '@nestjs/common';
import type { Pool } from 'pg';
import { GrantRevoked, type EventData } from '@yuqing/contracts';
import { InboxHandler, type InboxEvent, type InboxTransaction, type StartFrom } from '@yuqing/service-kit';
import { TokenVerifier } from '../tokens/token-verifier';

/** The event type whose arrival makes a grant stop working in every service. */
export const GRANT_REVOKED = GrantRevoked.type;

/**
 * The service's copy of revoked grants, fed from the identity topic (RevocationsHandler). The guard asks it on
 * every request, so a revocation takes effect within the relay's and the consumer's latency, without a restart and
 * before the short-lived tokens that carry the grant expire.
 */
export class RevocationList {
  constructor(
    private readonly pool: Pool,
    readonly schema: string,
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
}

/**
 * Keeps the revocation list: every GrantRevoked of identity, recorded in the inbox transaction (idempotent). A new
 * service starts `revocationHorizonSeconds` back rather than at the topic's beginning: tokens older than that are
 * refused by age, so earlier revocations cannot change an answer.
 */
@InboxHandler({ purpose: 'revocations', events: [GrantRevoked] })
export class RevocationsHandler {
  constructor(
    @Inject(RevocationList) private readonly list: RevocationList,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  startFrom(): StartFrom {
    // A minute's margin for the relay's lag between a revocation's commit and its publication.
    return { timestamp: Date.now() - (this.verifier.revocationHorizonSeconds + 60) * 1000 };
  }

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const { grantId } = event.data as EventData<typeof GrantRevoked>;
    await tx.client.query(
      `insert into ${this.list.schema}.revoked_grants (grant_id, revoked_at, event_id) values ($1, $2, $3)
       on conflict (grant_id) do nothing`,
      [grantId, event.time, event.eventId],
    );
  }
}
