import { isVisible } from '@yuqing/auth';
import {
  IncidentDetected,
  IncidentHeatChanged,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ingestionStreams,
  ItemAttachedToIncident,
  ItemDetachedFromIncident,
  NotFoundError,
  type EventDefinition,
  type NewEvent,
} from '@yuqing/contracts';
import { ConcurrencyError } from '@yuqing/event-store';
import {
  evolveIncidentCorrection,
  initialIncidentCorrectionState,
  type IncidentCorrectionState,
  type IncidentEvents,
  type IncidentItem,
  type ReachTier,
} from '@yuqing/ingestion-domain';
import type { CommandTransaction } from '@yuqing/service-kit';
import { captureLock } from '../capture-items/capture';

// What the three clustering corrections (改归 / 合并 / 拆分: move-item, merge-incidents, split-incident) share:
// loading incidents on the command's transaction, the items' heat figures, and appending to both streams at the
// versions loaded. A correction takes the unit's capture lock (captureLock), so no capture decides on incidents a
// correction is changing (an item clustered into an incident as it is merged away would land in a closed
// incident); captures of the unit wait for the correction, which is short.

/** The lock a correction takes: the capture lock of the unit the guard resolved from the path. */
export const correctionLock = (command: { context: { orgUnit?: string } }): string | undefined =>
  command.context.orgUnit === undefined ? undefined : captureLock(command.context.orgUnit);

/** Every incident a correction wrote to, with its stream version after it (send it as If-Match next time). */
export interface CorrectedIncidents {
  readonly incidents: readonly { readonly incidentId: string; readonly version: number }[];
}

export interface LoadedIncident {
  readonly state: IncidentCorrectionState;
  readonly version: number;
}

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

/** An incident's stream folded; with If-Match, a version other than the one the monitor saw is a conflict. */
export async function loadIncident(
  tx: CommandTransaction,
  incidentId: string,
  expected?: number,
): Promise<LoadedIncident> {
  const streamId = ingestionStreams.incident.id(incidentId);
  const loaded = await tx.aggregateStream(streamId, {
    initialState: initialIncidentCorrectionState,
    evolve: evolveIncidentCorrection,
  });
  if (expected !== undefined && expected !== loaded.version)
    throw new ConcurrencyError(streamId, expected, loaded.version);
  return loaded;
}

/** The other incident a request names (in its body): unknown and outside the caller's units look alike (404). */
export async function loadVisibleIncident(
  tx: CommandTransaction,
  incidentId: string,
): Promise<LoadedIncident> {
  const loaded = await loadIncident(tx, incidentId);
  if (loaded.state.status === 'unknown' || !isVisible(tx.context.scope, loaded.state.orgUnit!))
    throw new NotFoundError(`incident ${incidentId} not found`);
  return loaded;
}

/** What the decider needs of the items (their heat figures and titles), from the read model. */
export async function incidentItems(
  tx: CommandTransaction,
  schema: string,
  itemIds: readonly string[],
): Promise<Map<string, IncidentItem>> {
  const { rows } = await tx.client.query<{
    item_id: string;
    title: string;
    reach_tier: ReachTier;
    engagement: IncidentItem['engagement'];
    captured_at: Date;
  }>(
    `select item_id, title, reach_tier, engagement, captured_at from ${schema}.items where item_id = any($1)`,
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
export async function appendCorrection(
  tx: CommandTransaction,
  decision: readonly IncidentEvents[],
  loaded: ReadonlyMap<string, LoadedIncident>,
): Promise<{ incidentId: string; version: number }[]> {
  const metadata = tx.metadata();
  const appends = decision.map(({ incidentId, created, events }) => {
    const cause = tx.newId();
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
      streamId: ingestionStreams.incident.id(incidentId),
      expectedVersion: created || !version ? ('no_stream' as const) : version,
      events: checked,
      metadata,
    };
  });
  const results = await tx.appendMany(appends);
  return decision.map(({ incidentId }, i) => ({ incidentId, version: results[i]!.nextExpectedVersion }));
}
