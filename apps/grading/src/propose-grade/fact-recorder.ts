import { Inject, Injectable } from '@nestjs/common';
import {
  gradingStreams,
  IncidentDetected,
  ItemCaptured,
  ItemDismissed,
  type EventMetadata,
  type ReceivedFact,
} from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import {
  incidentOfFact,
  itemsOfFact,
  joinsItems,
  receivedFactOf,
  recordedFactIds,
  recordFact,
  routeOfFact,
} from '@yuqing/grading-domain';
import { RefusedEventError, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import type { PoolClient } from 'pg';

/** An incident whose grading stream took new facts. */
export interface TouchedIncident {
  readonly incidentId: string;
  readonly orgUnit: string;
  /** What the service appends in answer: the incident's org unit, the fact's correlation, the service as actor. */
  readonly metadata: EventMetadata;
  /** The fact received. */
  readonly fact: ReceivedFact;
}

/**
 * Records the facts grading reacts to in the grading stream of their incident, in the order received (ADR 0006).
 * An item's capture names no incident (clustering decides it in another stream, possibly another partition), so
 * item facts are kept aside until the item's incident is known, then recorded with it. Recording is idempotent:
 * a fact already in the stream is not recorded again, so a redelivery changes nothing. When a monitor moves items
 * to another incident (改归, 合并, 拆分), their facts are recorded again in the stream of the incident they join,
 * under the same original event ids, so that incident grades on them too. Runs in the inbox transaction (D5).
 */
@Injectable()
export class FactRecorder {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  /** The service's schema (its routes and held facts). */
  get schema(): string {
    return this.store.schema;
  }

  async record(tx: InboxTransaction, event: InboxEvent): Promise<TouchedIncident | undefined> {
    const fact = receivedFactOf(event);
    if (!fact) return undefined;
    const s = this.store.schema;
    const db = tx.client;
    const items = [...new Set(itemsOfFact(fact))].sort();
    // Capture and clustering of one item may be handled at once by two consumers: one waits for the other, so
    // whichever comes second sees the first's rows and records the item's facts.
    for (const itemId of items) {
      await db.query('select pg_advisory_xact_lock(hashtext($1))', [`${s}:item:${itemId}`]);
    }
    if (fact.type === ItemCaptured.type || fact.type === ItemDismissed.type) {
      await db.query(
        `insert into ${s}.item_facts (event_id, item_id, fact) values ($1, $2, $3) on conflict do nothing`,
        [fact.eventId, fact.data.itemId, JSON.stringify(fact)],
      );
    }
    if (fact.type === IncidentDetected.type) {
      // An incident is detected once, in one unit: the first unit stands, and a detection naming another (which
      // would put its facts, and its grade, before that unit) is refused (issue 19).
      const { rows } = await db.query<{ org_unit: string }>(
        `insert into ${s}.incident_routes (incident_id, org_unit) values ($1, $2)
         on conflict (incident_id) do update set org_unit = ${s}.incident_routes.org_unit returning org_unit`,
        [fact.data.incidentId, event.orgUnit],
      );
      if (rows[0]?.org_unit !== event.orgUnit) {
        throw new RefusedEventError(
          `incident ${fact.data.incidentId} belongs to another unit than the detection names`,
        );
      }
    }
    const route = routeOfFact(fact);
    if (route) {
      // Clustering routes an item once; a monitor's correction moves it (a late automatic route never does).
      await db.query(
        `insert into ${s}.item_routes (item_id, incident_id) select unnest($1::text[]), $2
           on conflict (item_id) do ${route.corrects ? 'update set incident_id = excluded.incident_id' : 'nothing'}`,
        [[...new Set(route.itemIds)].sort(), route.incidentId],
      );
    }
    const joining = joinsItems(fact);
    const incidentId = incidentOfFact(fact) ?? (await this.incidentOfItem(db, items[0]));
    if (!incidentId) return undefined;
    const { rows } = await db.query<{ org_unit: string }>(
      `select org_unit from ${s}.incident_routes where incident_id = $1`,
      [incidentId],
    );
    const orgUnit = rows[0]?.org_unit ?? event.orgUnit;
    const facts = joining ? [fact, ...(await this.heldFacts(db, items))] : [fact];
    const stream = gradingStreams.incident.id(incidentId);
    const recorded = await tx.readStream(stream);
    const seen = recordedFactIds(recorded);
    const fresh = facts.filter((f) => !seen.has(f.eventId) && seen.add(f.eventId));
    const { actor, correlationId } = tx.metadataFor(event);
    const metadata: EventMetadata = { orgUnit, actor, correlationId };
    const touched = { incidentId, orgUnit, metadata, fact };
    if (fresh.length === 0) return touched;
    const version = recorded.length === 0 ? 0 : recorded[recorded.length - 1]!.streamPosition;
    await tx.append(
      stream,
      // Each recorded fact answers the original event: its causation.
      fresh.map((f) => ({ ...recordFact(incidentId, f), metadata: { causationId: f.eventId } })),
      { expectedVersion: version === 0 ? 'no_stream' : version, metadata },
    );
    return touched;
  }

  private async incidentOfItem(db: PoolClient, itemId: string | undefined): Promise<string | undefined> {
    if (!itemId) return undefined;
    const { rows } = await db.query<{ incident_id: string }>(
      `select incident_id from ${this.store.schema}.item_routes where item_id = $1`,
      [itemId],
    );
    return rows[0]?.incident_id;
  }

  /** Facts of items kept aside until their incident was known, in the order received. */
  private async heldFacts(db: PoolClient, itemIds: readonly string[]): Promise<ReceivedFact[]> {
    const { rows } = await db.query<{ fact: ReceivedFact }>(
      `select fact from ${this.store.schema}.item_facts where item_id = any($1) order by seq`,
      [itemIds],
    );
    return rows.map((row) => row.fact);
  }
}
