import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { reviewStreams } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import {
  DEFAULT_DETECTION_POLICY,
  detect,
  DETECTORS,
  directScope,
  findingDecider,
  findingKey,
  isStaging,
  itemsAttached,
  STAGING_PREFIX,
  type Fact,
  type FindingDraft,
} from '@yuqing/review-domain';
import type { InboxEvent, InboxTransaction } from '@yuqing/service-kit';

/** A finding's id from its key (kind and subject): found again, on a redelivery or a replay, it is the same. */
export function findingIdOf(draft: Pick<FindingDraft, 'kind' | 'subject'>): string {
  const hex = createHash('sha256').update(findingKey(draft)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function factOf(event: InboxEvent): Fact {
  const actor = event.metadata.actor;
  return {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    time: event.time.toISOString(),
    orgUnit: event.orgUnit,
    ...(actor.kind === 'user' ? { actorId: actor.id } : {}),
    data: event.data as Record<string, unknown>,
  };
}

interface FactRow {
  seq: string;
  scope: string;
  batch: string;
  event_id: string;
  type: string;
  stream_id: string;
  stream_position: number;
  time: Date;
  org_unit: string;
  actor_id: string | null;
  data: Record<string, unknown>;
}

export function factOfRow(row: FactRow): Fact {
  return {
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    time: row.time.toISOString(),
    orgUnit: row.org_unit,
    ...(row.actor_id ? { actorId: row.actor_id } : {}),
    data: row.data,
  };
}

/** The address a capture or a transfer names: where the two meet (上级先于本级发现). */
function addressOf(fact: Fact): string | undefined {
  const key =
    fact.type === 'ingestion.ItemCaptured'
      ? 'canonicalUrl'
      : fact.type === 'ingestion.ItemTransferredIn'
        ? 'url'
        : undefined;
  const url = key ? fact.data[key] : undefined;
  return typeof url === 'string' ? url : undefined;
}

export const FACT_COLUMNS =
  'seq, scope, batch, event_id, type, stream_id, stream_position, time, org_unit, actor_id, data';
export type { FactRow };

/**
 * Records each received event as a fact in the scopes it concerns, then runs the detectors on those scopes and
 * records what they find (FindingRecorded), all on the inbox's transaction. An item's facts wait in its staging
 * scope and go into each incident it is put in. A scope is locked while a received event is recorded and detected,
 * so detection always reads the same prefix of the scope that a recomputation reads (replayDetection).
 */
@Injectable()
export class FactRecorder {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  private table(name: string): string {
    return `${this.store.schema}.${name}`;
  }

  async record(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const fact = factOf(event);
    const direct = directScope(fact);
    const attached = itemsAttached(fact);
    const items = new Set<string>(attached?.itemIds ?? []);
    if (direct && isStaging(direct)) items.add(direct.slice(STAGING_PREFIX.length));
    // A transfer from above and the higher unit's capture of the same address meet under the address's lock, in
    // whichever order the review reads them (their contexts' partitions are read independently).
    const url = addressOf(fact);
    if (url) await this.lock(tx, `url:${url}`);
    const transfersBelow =
      fact.type === 'ingestion.ItemCaptured' && url ? await this.transfersBelow(tx, fact, url) : [];
    for (const transfer of transfersBelow) items.add(transfer.itemId);
    // The two halves of an item's way into an incident (its facts, its attachment) meet under the item's lock.
    for (const itemId of [...items].sort()) await this.lock(tx, `item:${itemId}`);

    const scopes = new Set<string>();
    if (direct) scopes.add(direct);
    if (direct && isStaging(direct)) {
      const { rows } = await tx.client.query<{ incident_id: string }>(
        `select incident_id from ${this.table('item_incidents')} where item_id = $1`,
        [direct.slice(STAGING_PREFIX.length)],
      );
      for (const row of rows) scopes.add(`incident:${row.incident_id}`);
    }
    if (attached) scopes.add(`incident:${attached.incidentId}`);
    // Where the transfers below were recorded (read under their items' locks, so no attachment moves them now).
    const evidenceScopes = await this.scopesOf(
      tx,
      transfersBelow.map((t) => t.eventId),
    );
    for (const scope of [...new Set([...scopes, ...evidenceScopes])].sort()) await this.lock(tx, scope);

    // The types this event records in each scope: they decide which detectors run (a redelivery records none).
    const recorded = new Map<string, Set<string>>();
    const note = (scope: string, types: readonly string[]) => {
      const set = recorded.get(scope) ?? new Set<string>();
      for (const type of types) set.add(type);
      recorded.set(scope, set);
    };
    if (attached) {
      const scope = `incident:${attached.incidentId}`;
      for (const itemId of attached.itemIds) {
        await tx.client.query(
          `insert into ${this.table('item_incidents')} (item_id, incident_id) values ($1, $2) on conflict do nothing`,
          [itemId, attached.incidentId],
        );
        const { rows } = await tx.client.query<{ type: string }>(
          `insert into ${this.table('facts')} (scope, batch, event_id, type, stream_id, stream_position, time, org_unit, actor_id, data)
           select $2, $3, event_id, type, stream_id, stream_position, time, org_unit, actor_id, data
             from ${this.table('facts')} where scope = $1 order by seq
           on conflict (scope, event_id) do nothing
           returning type`,
          [`${STAGING_PREFIX}${itemId}`, scope, event.eventId],
        );
        note(
          scope,
          rows.map((row) => row.type),
        );
      }
    }
    // A transfer from above: the higher unit's own capture of the same address is the evidence of who found it first.
    const evidence = fact.type === 'ingestion.ItemTransferredIn' ? await this.higherCaptures(tx, fact) : [];
    for (const scope of scopes) {
      for (const extra of [...evidence, fact])
        if (await this.insert(tx, scope, event.eventId, extra)) note(scope, [extra.type]);
    }
    // A capture above recorded after a transfer of its address: it joins the transfer as the evidence of who found it
    // first, as it would have had it come first.
    for (const scope of evidenceScopes)
      if (!scopes.has(scope) && (await this.insert(tx, scope, event.eventId, fact))) note(scope, [fact.type]);
    for (const [scope, types] of recorded) if (!isStaging(scope)) await this.detect(tx, event, scope, types);
  }

  private async lock(tx: InboxTransaction, key: string): Promise<void> {
    await tx.client.query(`select pg_advisory_xact_lock(hashtext($1))`, [`review.${key}`]);
  }

  /** Whether the fact was recorded (false: the scope had it already). */
  private async insert(tx: InboxTransaction, scope: string, batch: string, fact: Fact): Promise<boolean> {
    const { rowCount } = await tx.client.query(
      `insert into ${this.table('facts')} (scope, batch, event_id, type, stream_id, stream_position, time, org_unit, actor_id, data)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (scope, event_id) do nothing`,
      [
        scope,
        batch,
        fact.eventId,
        fact.type,
        fact.streamId,
        fact.streamPosition,
        fact.time,
        fact.orgUnit,
        fact.actorId ?? null,
        JSON.stringify(fact.data),
      ],
    );
    return rowCount === 1;
  }

  /** The transfers of this address recorded in units below the capture's: the ids of their events and items. */
  private async transfersBelow(
    tx: InboxTransaction,
    capture: Fact,
    url: string,
  ): Promise<{ eventId: string; itemId: string }[]> {
    const { rows } = await tx.client.query<{ event_id: string; item_id: string }>(
      `select distinct event_id, data->>'itemId' as item_id from ${this.table('facts')}
        where type = 'ingestion.ItemTransferredIn' and data->>'url' = $1 and org_unit like $2 || '.%'`,
      [url, capture.orgUnit],
    );
    return rows.map((row) => ({ eventId: row.event_id, itemId: row.item_id }));
  }

  /** Every scope these events were recorded in. */
  private async scopesOf(tx: InboxTransaction, eventIds: readonly string[]): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const { rows } = await tx.client.query<{ scope: string }>(
      `select distinct scope from ${this.table('facts')} where event_id = any($1::text[])`,
      [eventIds],
    );
    return rows.map((row) => row.scope);
  }

  private async higherCaptures(tx: InboxTransaction, transfer: Fact): Promise<Fact[]> {
    const url = transfer.data['url'];
    if (typeof url !== 'string') return [];
    const { rows } = await tx.client.query<FactRow>(
      `select distinct on (event_id) ${FACT_COLUMNS} from ${this.table('facts')}
        where type = 'ingestion.ItemCaptured' and data->>'canonicalUrl' = $1 and org_unit <> $2
          and $2 like org_unit || '.%'
        order by event_id, seq`,
      [url, transfer.orgUnit],
    );
    return rows.map(factOfRow);
  }

  private async detect(
    tx: InboxTransaction,
    cause: InboxEvent,
    scope: string,
    recorded: ReadonlySet<string>,
  ): Promise<void> {
    const { rows } = await tx.client.query<FactRow>(
      `select ${FACT_COLUMNS} from ${this.table('facts')} where scope = $1 order by seq`,
      [scope],
    );
    for (const draft of detect(rows.map(factOfRow), DEFAULT_DETECTION_POLICY, DETECTORS, recorded)) {
      const findingId = findingIdOf(draft);
      await tx.decide(
        reviewStreams.finding.id(findingId),
        findingDecider,
        { kind: 'record', findingId, draft },
        tx.metadataFor(cause, draft.responsibleOrgUnitId),
      );
    }
  }
}
