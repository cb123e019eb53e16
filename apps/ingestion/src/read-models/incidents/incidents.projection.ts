import type { PoolClient } from 'pg';
import type {
  DuplicateItemSeen,
  EventData,
  IncidentDetected,
  IncidentHeatChanged,
  IncidentMergedInto,
  IncidentsMerged,
  IncidentSplit,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemDetachedFromIncident,
  ItemDismissed,
  ItemTransferredIn,
  ItemVerified,
  RecordedEvent,
} from '@yuqing/contracts';
import type { ProjectionDefinition } from '@yuqing/event-store';
import {
  addToHeat,
  emptyHeat,
  heatStateOf,
  sumEngagement,
  type Engagement,
  type HeatItem,
  type HeatState,
  type ReachTier,
} from '@yuqing/ingestion-domain';
import { segment } from '../../text-analysis/text-analysis';
import { each, handlerProjection } from '../handler-projection';

/** How the items that open an incident came to it (items.attachment). */
const NEW_INCIDENT = '{"relation":"new-incident"}';

/** How an attached item came to its incident: the event without the ids (relation, similarity, matched, reason). */
function attachmentJson(d: EventData<typeof ItemAttachedToIncident>): string {
  const { itemId: _item, incidentId: _incident, ...how } = d;
  return JSON.stringify(how);
}

/** Adds the engagement of newly attached items to their incidents' totals (kept incrementally, never rescanned). */
function addEngagement(schema: string, client: PoolClient, itemIds: readonly string[]): Promise<unknown> {
  const sum = (field: string) => `sum(coalesce((it.engagement->>'${field}')::bigint, 0))`;
  const plus = (field: string) => `'${field}', coalesce((i.engagement->>'${field}')::bigint, 0) + t.${field}`;
  return client.query(
    `update ${schema}.incidents i
        set engagement = jsonb_build_object(${plus('views')}, ${plus('reposts')}, ${plus('comments')}, ${plus('likes')})
       from (select it.incident_id, ${sum('views')} as views, ${sum('reposts')} as reposts, ${sum('comments')} as comments, ${sum('likes')} as likes
               from ${schema}.items it where it.item_id = any($1) group by it.incident_id) t
      where i.incident_id = t.incident_id`,
    [itemIds],
  );
}

/**
 * What heat needs of each item named by `itemIds`: from the batch's ItemCaptured events when they are there
 * (the usual case), from the items table otherwise.
 */
async function heatItems(
  schema: string,
  client: PoolClient,
  batch: readonly RecordedEvent[],
  itemIds: readonly string[],
): Promise<Map<string, HeatItem>> {
  const found = new Map<string, HeatItem>();
  for (const e of batch) {
    if (e.type !== 'ingestion.ItemCaptured') continue;
    const d = e.data as EventData<typeof ItemCaptured>;
    found.set(d.itemId, {
      reachTier: d.reachTier,
      ...(d.engagement ? { engagement: d.engagement } : {}),
      at: new Date(d.capturedAt),
    });
  }
  const missing = itemIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const { rows } = await client.query<{
      item_id: string;
      reach_tier: ReachTier;
      engagement: HeatItem['engagement'];
      captured_at: Date;
    }>(`select item_id, reach_tier, engagement, captured_at from ${schema}.items where item_id = any($1)`, [
      missing,
    ]);
    for (const row of rows)
      found.set(row.item_id, {
        reachTier: row.reach_tier,
        ...(row.engagement ? { engagement: row.engagement } : {}),
        at: row.captured_at,
      });
  }
  return found;
}

/** Folds newly attached items into their incidents' heat state (created at detection), in one statement. */
async function foldHeat(
  schema: string,
  client: PoolClient,
  batch: readonly RecordedEvent[],
  attached: readonly { incidentId: string; itemId: string }[],
): Promise<void> {
  const items = await heatItems(
    schema,
    client,
    batch,
    attached.map((a) => a.itemId),
  );
  const ids = [...new Set(attached.map((a) => a.incidentId))];
  const { rows } = await client.query<{
    incident_id: string;
    heat_state: HeatState | null;
    detected_at: Date;
  }>(`select incident_id, heat_state, detected_at from ${schema}.incidents where incident_id = any($1)`, [
    ids,
  ]);
  const states = new Map(rows.map((row) => [row.incident_id, row.heat_state ?? emptyHeat(row.detected_at)]));
  for (const { incidentId, itemId } of attached) {
    const item = items.get(itemId);
    const state = states.get(incidentId);
    if (item && state) states.set(incidentId, addToHeat(state, item));
  }
  await client.query(
    `update ${schema}.incidents i set heat_state = t.state from unnest($1::text[], $2::jsonb[]) as t(id, state) where i.incident_id = t.id`,
    [[...states.keys()], [...states.values()].map((state) => JSON.stringify(state))],
  );
}

/**
 * Item count, engagement, heat state and widest reach of incidents, recomputed from the items they hold now: after
 * a monitor's correction items have left, and an incremental state cannot give their share back. Deterministic
 * from the rows as they stand at this point of the log, so a rebuild from zero arrives at the same figures.
 */
async function recomputeIncidents(
  schema: string,
  client: PoolClient,
  incidentIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(incidentIds)];
  const { rows: incidents } = await client.query<{ incident_id: string; detected_at: Date }>(
    `select incident_id, detected_at from ${schema}.incidents where incident_id = any($1)`,
    [ids],
  );
  const { rows: items } = await client.query<{
    incident_id: string;
    reach_tier: ReachTier;
    engagement: Engagement;
    captured_at: Date;
  }>(
    `select incident_id, reach_tier, engagement, captured_at from ${schema}.items
      where incident_id = any($1) order by incident_id, captured_at, item_id collate "C"`,
    [ids],
  );
  const held = new Map<string, HeatItem[]>(incidents.map((i) => [i.incident_id, []]));
  for (const row of items)
    held
      .get(row.incident_id)
      ?.push({ reachTier: row.reach_tier, engagement: row.engagement, at: row.captured_at });
  const figures = incidents.map((incident) => {
    const mine = held.get(incident.incident_id)!;
    const state = heatStateOf(mine, incident.detected_at);
    return {
      id: incident.incident_id,
      count: mine.length,
      engagement: JSON.stringify(sumEngagement(mine)),
      state: JSON.stringify(state),
      reach: mine.length > 0 ? state.widest : null,
    };
  });
  await client.query(
    `update ${schema}.incidents i
        set item_count = t.n, engagement = t.engagement, heat_state = t.state, widest_reach = coalesce(t.reach, i.widest_reach)
       from unnest($1::text[], $2::int[], $3::jsonb[], $4::jsonb[], $5::text[]) as t(id, n, engagement, state, reach)
      where i.incident_id = t.id`,
    [
      figures.map((f) => f.id),
      figures.map((f) => f.count),
      figures.map((f) => f.engagement),
      figures.map((f) => f.state),
      figures.map((f) => f.reach),
    ],
  );
}

/** Moves items to an incident by a monitor's correction; the explanation they had before is kept as `previous`. */
function rehomeItems(
  schema: string,
  client: PoolClient,
  itemIds: readonly string[],
  incidentId: string,
  attachment: Record<string, string>,
): Promise<unknown> {
  return client.query(
    `update ${schema}.items i
        set incident_id = $2,
            attachment = $3::jsonb
              || case when i.attachment is null then '{}'::jsonb else jsonb_build_object('previous', i.attachment) end
      where i.item_id = any($1)`,
    [itemIds, incidentId, JSON.stringify(attachment)],
  );
}

/** The last of several events per key: the state a batch leaves behind. */
function lastBy<T>(events: readonly RecordedEvent[], key: (data: T) => string): T[] {
  const last = new Map<string, T>();
  for (const event of events) last.set(key(event.data as T), event.data as T);
  return [...last.values()];
}

/**
 * Items and the incidents they cluster into (one projection: the two tables are interdependent). A capture
 * batch arrives as one call, so each kind of event is applied with one set-based statement, in an order that
 * respects their dependencies (items before the incidents that name them). Words of a captured item come from
 * the pipeline's cache when it just segmented them, and are segmented again when the projection is rebuilt.
 */
export function incidentsProjection(
  schema: string,
  wordsCache: Map<string, readonly string[]>,
): ProjectionDefinition {
  const s = schema;
  return handlerProjection(
    {
      name: 'ingestion.incidents',
      tables: [
        { name: 'items', key: ['item_id'] },
        { name: 'incidents', key: ['incident_id'] },
      ],
    },
    [
      [
        'ingestion.ItemCaptured',
        (c, events, batch) => {
          // Items clustered in the same batch get their incident at insert: no second write of the row.
          const incidentOf = new Map<string, string>();
          const attachmentOf = new Map<string, string>();
          for (const e of batch) {
            if (e.type === 'ingestion.IncidentDetected') {
              const d = e.data as EventData<typeof IncidentDetected>;
              for (const itemId of d.itemIds) {
                incidentOf.set(itemId, d.incidentId);
                attachmentOf.set(itemId, NEW_INCIDENT);
              }
            } else if (e.type === 'ingestion.ItemAttachedToIncident') {
              const d = e.data as EventData<typeof ItemAttachedToIncident>;
              incidentOf.set(d.itemId, d.incidentId);
              attachmentOf.set(d.itemId, attachmentJson(d));
            }
          }
          const rows = events.map((e) => {
            const d = e.data as EventData<typeof ItemCaptured>;
            const words = wordsCache.get(d.itemId) ?? segment(`${d.title}\n${d.text}`);
            wordsCache.delete(d.itemId);
            return {
              d,
              orgUnit: e.metadata.orgUnit,
              words: words.join(' '),
              incidentId: incidentOf.get(d.itemId) ?? null,
              attachment: attachmentOf.get(d.itemId) ?? null,
            };
          });
          const col = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
          return c.query(
            `insert into ${s}.items (item_id, org_unit, url, canonical_url, content_hash, title, platform, reach_tier, outlet, source_id,
             published_at, captured_at, capture_method, engagement, sentiment, fingerprint, words, matched_terms, incident_id, attachment, text)
           select t.item_id, t.org_unit, t.url, t.canonical_url, t.content_hash, t.title, t.platform, t.reach_tier, t.outlet, t.source_id,
                  t.published_at, t.captured_at, t.capture_method, t.engagement, t.sentiment, t.fingerprint, t.words,
                  array(select jsonb_array_elements_text(t.matched_terms)), t.incident_id, t.attachment, t.text
             from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[], $14::jsonb[], $15::jsonb[], $16::text[], $17::text[], $18::jsonb[], $19::text[], $20::jsonb[], $21::text[])
                  as t(item_id, org_unit, url, canonical_url, content_hash, title, platform, reach_tier, outlet, source_id,
                       published_at, captured_at, capture_method, engagement, sentiment, fingerprint, words, matched_terms, incident_id, attachment, text)
           on conflict (item_id) do nothing`,
            [
              col((r) => r.d.itemId),
              col((r) => r.orgUnit),
              col((r) => r.d.url),
              col((r) => r.d.canonicalUrl),
              col((r) => r.d.contentHash),
              col((r) => r.d.title),
              col((r) => r.d.platform),
              col((r) => r.d.reachTier),
              col((r) => r.d.outlet),
              col((r) => r.d.sourceId ?? null),
              col((r) => r.d.publishedAt ?? null),
              col((r) => r.d.capturedAt),
              col((r) => r.d.captureMethod),
              col((r) => JSON.stringify(r.d.engagement ?? {})),
              col((r) => JSON.stringify(r.d.sentiment)),
              col((r) => r.d.fingerprint),
              col((r) => r.words),
              col((r) => JSON.stringify(r.d.matchedTerms)),
              col((r) => r.incidentId),
              col((r) => r.attachment),
              col((r) => r.d.text),
            ],
          );
        },
      ],
      [
        'ingestion.ItemTransferredIn',
        each((c, e) => {
          const d = e.data as EventData<typeof ItemTransferredIn>;
          return c.query(`update ${s}.items set respond_by = $2 where item_id = $1`, [d.itemId, d.respondBy]);
        }),
      ],
      [
        'ingestion.DuplicateItemSeen',
        (c, events) =>
          c.query(
            `update ${s}.items i set duplicates = i.duplicates + t.n
             from (select id, count(*)::int as n from unnest($1::text[]) as id group by id) t where i.item_id = t.id`,
            [events.map((e) => (e.data as EventData<typeof DuplicateItemSeen>).duplicateOfItemId)],
          ),
      ],
      [
        'ingestion.IncidentDetected',
        async (c, events, batch) => {
          const detected = events.map((e) => ({
            d: e.data as EventData<typeof IncidentDetected>,
            orgUnit: e.metadata.orgUnit,
          }));
          await c.query(
            `insert into ${s}.incidents (incident_id, org_unit, title, detected_at, last_activity_at, item_count, split_from)
           select t.id, t.unit, t.title, t.at, t.at, t.n, t.split_from
             from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::text[]) as t(id, unit, title, at, n, split_from)`,
            [
              detected.map((x) => x.d.incidentId),
              detected.map((x) => x.orgUnit),
              detected.map((x) => x.d.title),
              detected.map((x) => x.d.detectedAt),
              detected.map((x) => x.d.itemIds.length),
              detected.map((x) => x.d.splitFromIncidentId ?? null),
            ],
          );
          const pairs = detected.flatMap((x) =>
            x.d.itemIds.map((itemId) => [itemId, x.d.incidentId] as const),
          );
          // Items that open an incident say so; those split off get their explanation from IncidentSplit (below).
          // (Items captured in the same batch were inserted with both: their rows are not written again.)
          const opened = new Set(
            detected.filter((x) => !x.d.splitFromIncidentId).flatMap((x) => x.d.itemIds),
          );
          await c.query(
            `update ${s}.items i set incident_id = t.incident,
                  attachment = case when t.opened then '${NEW_INCIDENT}'::jsonb else i.attachment end
             from unnest($1::text[], $2::text[], $3::bool[]) as t(item, incident, opened)
            where i.item_id = t.item
              and (i.incident_id is distinct from t.incident or (t.opened and i.attachment is distinct from '${NEW_INCIDENT}'::jsonb))`,
            [
              pairs.map(([item]) => item),
              pairs.map(([, incident]) => incident),
              pairs.map(([item]) => opened.has(item)),
            ],
          );
          await addEngagement(
            s,
            c,
            pairs.map(([item]) => item),
          );
          await foldHeat(
            s,
            c,
            batch,
            pairs.map(([itemId, incidentId]) => ({ itemId, incidentId })),
          );
        },
      ],
      [
        'ingestion.ItemAttachedToIncident',
        async (c, events, batch) => {
          const attached = events.map((e) => ({
            d: e.data as EventData<typeof ItemAttachedToIncident>,
            at: e.recordedAt,
          }));
          // How it came here: relation and similarity, what clustering matched, or a monitor's move and reason.
          await c.query(
            `update ${s}.items i set incident_id = t.incident, attachment = t.attachment
             from unnest($1::text[], $2::text[], $3::jsonb[]) as t(item, incident, attachment)
            where i.item_id = t.item
              and (i.incident_id is distinct from t.incident or i.attachment is distinct from t.attachment)`,
            [
              attached.map((a) => a.d.itemId),
              attached.map((a) => a.d.incidentId),
              attached.map((a) => attachmentJson(a.d)),
            ],
          );
          // Activity is when the items were captured (the pipeline's clock), not when the events were stored.
          await c.query(
            `update ${s}.incidents i set item_count = i.item_count + t.n, last_activity_at = greatest(i.last_activity_at, t.at)
             from (select u.incident, count(*)::int as n, max(coalesce(it.captured_at, u.at)) as at
                     from unnest($1::text[], $2::timestamptz[], $3::text[]) as u(incident, at, item)
                     left join ${s}.items it on it.item_id = u.item group by u.incident) t
            where i.incident_id = t.incident`,
            [attached.map((a) => a.d.incidentId), attached.map((a) => a.at), attached.map((a) => a.d.itemId)],
          );
          await addEngagement(
            s,
            c,
            attached.map((a) => a.d.itemId),
          );
          await foldHeat(
            s,
            c,
            batch,
            attached.map((a) => ({ itemId: a.d.itemId, incidentId: a.d.incidentId })),
          );
        },
      ],
      // A monitor's corrections (改归 / 合并 / 拆分). The item's attachment in the other stream, or the new
      // incident's detection, has already been applied by the handlers above; these move what is left and recompute
      // the figures of every incident that lost or gained items.
      [
        'ingestion.ItemDetachedFromIncident',
        each(async (c, e) => {
          const d = e.data as EventData<typeof ItemDetachedFromIncident>;
          await c.query(`update ${s}.items set incident_id = $3 where item_id = $1 and incident_id = $2`, [
            d.itemId,
            d.incidentId,
            d.movedToIncidentId,
          ]);
          await recomputeIncidents(s, c, [d.incidentId, d.movedToIncidentId]);
        }),
      ],
      [
        'ingestion.IncidentsMerged',
        each(async (c, e) => {
          const d = e.data as EventData<typeof IncidentsMerged>;
          await rehomeItems(s, c, d.itemIds, d.incidentId, {
            relation: 'merged',
            mergedFromIncidentId: d.mergedIncidentId,
            reason: d.reason,
          });
          // The incident that remains keeps the earlier detection (reporting's clock) and the later activity.
          await c.query(
            `update ${s}.incidents i
              set detected_at = least(i.detected_at, $2::timestamptz),
                  last_activity_at = greatest(i.last_activity_at, $4::timestamptz,
                    (select m.last_activity_at from ${s}.incidents m where m.incident_id = $3))
            where i.incident_id = $1`,
            [d.incidentId, d.mergedDetectedAt, d.mergedIncidentId, e.recordedAt],
          );
          await recomputeIncidents(s, c, [d.incidentId]);
        }),
      ],
      [
        'ingestion.IncidentMergedInto',
        each((c, e) => {
          const d = e.data as EventData<typeof IncidentMergedInto>;
          // Closed: clustering no longer offers it items; it reads as merged, with nothing left in it.
          return c.query(
            `update ${s}.incidents
              set merged_into = $2, merged_at = $3, item_count = 0, engagement = '{}', heat_state = null,
                  heat_index = 0, widest_reach = null
            where incident_id = $1`,
            [d.incidentId, d.intoIncidentId, e.recordedAt],
          );
        }),
      ],
      [
        'ingestion.IncidentSplit',
        each(async (c, e) => {
          const d = e.data as EventData<typeof IncidentSplit>;
          await rehomeItems(s, c, d.itemIds, d.newIncidentId, {
            relation: 'split',
            splitFromIncidentId: d.incidentId,
            reason: d.reason,
          });
          await c.query(
            `update ${s}.incidents set last_activity_at = greatest(last_activity_at, $2::timestamptz) where incident_id = $1`,
            [d.newIncidentId, e.recordedAt],
          );
          await recomputeIncidents(s, c, [d.incidentId, d.newIncidentId]);
        }),
      ],
      [
        'ingestion.IncidentHeatChanged',
        (c, events) => {
          const heats = lastBy<EventData<typeof IncidentHeatChanged>>(events, (d) => d.incidentId);
          return c.query(
            `update ${s}.incidents i set heat_index = t.heat, widest_reach = t.reach
             from unnest($1::text[], $2::float8[], $3::text[]) as t(id, heat, reach) where i.incident_id = t.id`,
            [heats.map((h) => h.incidentId), heats.map((h) => h.heatIndex), heats.map((h) => h.widestReach)],
          );
        },
      ],
      [
        'ingestion.ItemVerified',
        each((c, e) =>
          c.query(`update ${s}.items set status = 'verified' where item_id = $1`, [
            (e.data as EventData<typeof ItemVerified>).itemId,
          ]),
        ),
      ],
      [
        'ingestion.ItemDismissed',
        each((c, e) =>
          c.query(`update ${s}.items set status = 'dismissed' where item_id = $1`, [
            (e.data as EventData<typeof ItemDismissed>).itemId,
          ]),
        ),
      ],
    ],
  );
}
