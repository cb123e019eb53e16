import { createHash } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { actorOf, isVisible, type AuthContext } from '@yuqing/auth';
import {
  DomainRuleError,
  IncidentDetected,
  IncidentHeatChanged,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ItemAttachedToIncident,
  ItemDetachedFromIncident,
  type EventDefinition,
  type EventMetadata,
  type NewEvent,
} from '@yuqing/contracts';
import {
  ConcurrencyError,
  PostgresEventStore,
  uuidv7,
  type EventStoreTransaction,
} from '@yuqing/event-store';
import {
  decideMerge,
  decideMove,
  decideSplit,
  evolveIncidentCorrection,
  initialIncidentCorrectionState,
  itemsOf,
  type IncidentCorrectionState,
  type IncidentEvents,
  type IncidentItem,
  type ReachTier,
} from '@yuqing/ingestion-domain';
import { expectedVersionOf, idempotencyKeyOf, PG_POOL } from '@yuqing/service-kit';
import { IdempotencyKeyReusedError } from '../capture-items/capture-pipeline';
import { CLOCK } from '../ingestion.tokens';

const incidentStream = (incidentId: string) => `ingestion-incident-${incidentId}`;

/** The contract of every event a correction writes: each is checked before anything is stored. */
const CONTRACTS = new Map<string, EventDefinition>(
  [
    ItemDetachedFromIncident,
    ItemAttachedToIncident,
    IncidentsMerged,
    IncidentMergedInto,
    IncidentSplit,
    IncidentDetected,
    IncidentHeatChanged,
  ].map((definition) => [definition.type, definition]),
);

/** Retry and concurrency controls of a correction, from its headers. */
export interface CorrectionOptions {
  readonly idempotencyKey?: string | undefined;
  /** The version of the incident the request names (for a move: the item's incident) the monitor decided on. */
  readonly ifMatch?: string | undefined;
}

/** Every incident a correction wrote to, with its stream version after it (send it as If-Match next time). */
export interface CorrectedIncidents {
  readonly incidents: readonly { readonly incidentId: string; readonly version: number }[];
}

export interface MoveResult extends CorrectedIncidents {
  readonly itemId: string;
  readonly fromIncidentId: string;
  readonly toIncidentId: string;
}

export interface MergeResult extends CorrectedIncidents {
  readonly incidentId: string;
  readonly mergedIncidentId: string;
}

export interface SplitResult extends CorrectedIncidents {
  readonly incidentId: string;
  readonly newIncidentId: string;
  readonly itemIds: readonly string[];
}

interface Loaded {
  readonly state: IncidentCorrectionState;
  readonly version: number;
}

/** What every correction's work gets: the If-Match version and the envelope of its events. */
interface CorrectionContext {
  readonly tx: EventStoreTransaction;
  readonly expected: number | undefined;
  readonly metadata: EventMetadata;
}

/**
 * A monitor's corrections of clustering (改归 / 合并 / 拆分): loads both incidents' streams, decides with the pure
 * decider over their items' heat figures, and appends to both streams in one transaction, at the versions loaded.
 *
 * A correction takes the capture pipeline's lock of the unit, so no capture decides on incidents a correction is
 * changing (an item clustered into an incident as it is merged away would land in a closed incident); captures
 * of the unit wait for the correction, which is short. If-Match names the version of the incident the request
 * names; a stale one is a 409. An Idempotency-Key gets the first answer again and appends nothing.
 */
@Injectable()
export class CorrectClusteringHandler {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async move(
    itemId: string,
    command: { toIncidentId: string; reason: string },
    auth: AuthContext,
    options: CorrectionOptions,
  ): Promise<MoveResult> {
    const orgUnit = await this.unitOf('items', 'item_id', itemId);
    const request = { kind: 'move', itemId, ...command };
    return this.correct(orgUnit, request, auth, options, async ({ tx, expected, metadata }) => {
      // Under the lock: where the item is now.
      const { rows } = await tx.client.query<{ incident_id: string | null }>(
        `select incident_id from ${this.store.schema}.items where item_id = $1`,
        [itemId],
      );
      const fromId = rows[0]?.incident_id;
      if (!fromId)
        throw new DomainRuleError('ingestion.item-not-in-incident', `item ${itemId} is in no incident`);
      const from = await this.load(fromId, expected);
      const to = await this.loadVisible(command.toIncidentId, auth);
      const items = await this.items(tx, [...itemsOf(from.state), ...itemsOf(to.state)]);
      const decision = decideMove(
        { kind: 'move', itemId, ...command, now: this.clock() },
        from.state,
        to.state,
        items,
      );
      const incidents = await this.append(
        tx,
        decision,
        new Map([
          [fromId, from],
          [command.toIncidentId, to],
        ]),
        metadata,
      );
      return { itemId, fromIncidentId: fromId, toIncidentId: command.toIncidentId, incidents };
    });
  }

  async merge(
    incidentId: string,
    command: { mergedIncidentId: string; reason: string },
    auth: AuthContext,
    options: CorrectionOptions,
  ): Promise<MergeResult> {
    const orgUnit = await this.unitOf('incidents', 'incident_id', incidentId);
    const request = { kind: 'merge', incidentId, ...command };
    return this.correct(orgUnit, request, auth, options, async ({ tx, expected, metadata }) => {
      const into = await this.load(incidentId, expected);
      const merged = await this.loadVisible(command.mergedIncidentId, auth);
      const items = await this.items(tx, [...itemsOf(into.state), ...itemsOf(merged.state)]);
      const decision = decideMerge(
        { kind: 'merge', ...command, now: this.clock() },
        into.state,
        merged.state,
        items,
      );
      const loaded = new Map([
        [incidentId, into],
        [command.mergedIncidentId, merged],
      ]);
      const incidents = await this.append(tx, decision, loaded, metadata);
      return { incidentId, mergedIncidentId: command.mergedIncidentId, incidents };
    });
  }

  async split(
    incidentId: string,
    command: { itemIds: readonly string[]; title?: string | undefined; reason: string },
    auth: AuthContext,
    options: CorrectionOptions,
  ): Promise<SplitResult> {
    const orgUnit = await this.unitOf('incidents', 'incident_id', incidentId);
    const request = { kind: 'split', incidentId, ...command };
    return this.correct(orgUnit, request, auth, options, async ({ tx, expected, metadata }) => {
      const original = await this.load(incidentId, expected);
      const items = await this.items(tx, itemsOf(original.state));
      const newIncidentId = uuidv7();
      const decision = decideSplit(
        { kind: 'split', newIncidentId, ...command, now: this.clock() },
        original.state,
        items,
      );
      const incidents = await this.append(tx, decision, new Map([[incidentId, original]]), metadata);
      const detected = decision.find((d) => d.created)!.events[0]!.data as { itemIds: string[] };
      return { incidentId, newIncidentId, itemIds: detected.itemIds, incidents };
    });
  }

  /**
   * One correction in one transaction under the unit's capture lock: the idempotency record, the decision and the
   * appends commit together or not at all.
   */
  private async correct<R>(
    orgUnit: string,
    request: Record<string, unknown>,
    auth: AuthContext,
    options: CorrectionOptions,
    work: (context: CorrectionContext) => Promise<R>,
  ): Promise<R> {
    const key = idempotencyKeyOf(options.idempotencyKey);
    const expected = expectedVersionOf(options.ifMatch);
    const s = this.store.schema;
    const stored = key === undefined ? undefined : `correct-clustering:${key}`;
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ ...request, ifMatch: expected ?? null }))
      .digest('hex');
    return this.store.transaction(async (tx) => {
      // The capture pipeline's lock of the unit (see CapturePipeline.capture): captures and corrections take turns.
      await tx.client.query('select pg_advisory_xact_lock(hashtext($1))', [`ingestion.capture.${orgUnit}`]);
      if (stored !== undefined) {
        const { rows } = await tx.client.query<{ request_hash: string; response: R }>(
          `select request_hash, response from ${s}.idempotency_keys where org_unit = $1 and key = $2`,
          [orgUnit, stored],
        );
        if (rows[0]) {
          if (rows[0].request_hash !== requestHash) throw new IdempotencyKeyReusedError(key!);
          return rows[0].response;
        }
      }
      const metadata: EventMetadata = { orgUnit, actor: actorOf(auth), correlationId: key ?? uuidv7() };
      const answer = await work({ tx, expected, metadata });
      if (stored !== undefined)
        await tx.client.query(
          `insert into ${s}.idempotency_keys (org_unit, key, request_hash, response) values ($1, $2, $3, $4)`,
          [orgUnit, stored, requestHash, JSON.stringify(answer)],
        );
      return answer;
    });
  }

  /** The unit of the item or incident the path names (the guard has found it, so it exists). */
  private async unitOf(table: 'items' | 'incidents', column: string, id: string): Promise<string> {
    const { rows } = await this.pool.query<{ org_unit: string }>(
      `select org_unit from ${this.store.schema}.${table} where ${column} = $1`,
      [id],
    );
    if (!rows[0]) throw new NotFoundException(`${table === 'items' ? 'item' : 'incident'} ${id} not found`);
    return rows[0].org_unit;
  }

  /** An incident's stream folded; with If-Match, a version other than the one the monitor saw is a conflict. */
  private async load(incidentId: string, expected?: number): Promise<Loaded> {
    const streamId = incidentStream(incidentId);
    const loaded = await this.store.aggregateStream(streamId, {
      initialState: initialIncidentCorrectionState,
      evolve: evolveIncidentCorrection,
    });
    if (expected !== undefined && expected !== loaded.version)
      throw new ConcurrencyError(streamId, expected, loaded.version);
    return loaded;
  }

  /** The other incident a request names (in its body): unknown and outside the caller's units look alike (404). */
  private async loadVisible(incidentId: string, auth: AuthContext): Promise<Loaded> {
    const loaded = await this.load(incidentId);
    if (loaded.state.status === 'unknown' || !isVisible(auth.scope, loaded.state.orgUnit!))
      throw new NotFoundException(`incident ${incidentId} not found`);
    return loaded;
  }

  /** What the decider needs of the items (their heat figures and titles), from the read model. */
  private async items(
    tx: EventStoreTransaction,
    itemIds: readonly string[],
  ): Promise<Map<string, IncidentItem>> {
    const { rows } = await tx.client.query<{
      item_id: string;
      title: string;
      reach_tier: ReachTier;
      engagement: IncidentItem['engagement'];
      captured_at: Date;
    }>(
      `select item_id, title, reach_tier, engagement, captured_at from ${this.store.schema}.items where item_id = any($1)`,
      [itemIds],
    );
    return new Map(
      rows.map((row) => [
        row.item_id,
        {
          itemId: row.item_id,
          title: row.title,
          reachTier: row.reach_tier,
          engagement: row.engagement ?? {},
          capturedAt: row.captured_at,
        },
      ]),
    );
  }

  /**
   * Both streams in one append, each at the version it was loaded at (a new incident's must not exist yet). Every
   * event is checked against its contract first; the heat re-measured names the correction as its cause.
   */
  private async append(
    tx: EventStoreTransaction,
    decision: readonly IncidentEvents[],
    loaded: ReadonlyMap<string, Loaded>,
    metadata: EventMetadata,
  ): Promise<{ incidentId: string; version: number }[]> {
    const appends = decision.map(({ incidentId, created, events }) => {
      const cause = uuidv7();
      const checked: NewEvent[] = events.map((event, i) => {
        const contract = CONTRACTS.get(event.type)!;
        return {
          type: event.type,
          schemaVersion: contract.schemaVersion,
          data: contract.parse(event.data),
          ...(i === 0 ? { eventId: cause } : { metadata: { causationId: cause } }),
        };
      });
      const version = loaded.get(incidentId)?.version;
      return {
        streamId: incidentStream(incidentId),
        expectedVersion: created || !version ? ('no_stream' as const) : version,
        events: checked,
        metadata,
      };
    });
    const results = await tx.appendMany(appends);
    return decision.map(({ incidentId }, i) => ({ incidentId, version: results[i]!.nextExpectedVersion }));
  }
}
