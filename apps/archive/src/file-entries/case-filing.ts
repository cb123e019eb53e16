import { Inject, Injectable } from '@nestjs/common';
import {
  archiveStreams,
  IncidentDetected,
  ItemAttachedToIncident,
  ItemCaptured,
  type EventData,
} from '@yuqing/contracts';
import {
  DEFAULT_CASE_POLICY,
  caseDecider,
  entryFor,
  itemEntry,
  type CapturedItem,
  type EntryDraft,
  type SourceEvent,
} from '@yuqing/archive-domain';
import { PostgresEventStore } from '@yuqing/event-store';
import type { InboxEvent, InboxTransaction } from '@yuqing/service-kit';

/** The attachment of an item to an incident, kept until the item's capture is known. */
interface Attachment {
  readonly source: SourceEvent;
  readonly orgUnit: string;
}

function sourceOf(event: InboxEvent): SourceEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    time: event.time,
    data: event.data,
    ...(event.hash ? { hash: event.hash } : {}),
  };
}

/**
 * Files each event of an incident in its case (案卷), on the inbox's transaction. An item's entry needs both its
 * capture (title, outlet, reach) and its attachment to the incident; they travel on different partitions, so
 * each is kept as it comes and the entry is filed when both are known, whichever came last (the two paths lock
 * the item, so neither misses the other). The decider files a source event once, so a redelivery files nothing.
 */
@Injectable()
export class CaseFiling {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  private table(name: string): string {
    return `${this.store.schema}.${name}`;
  }

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    if (event.type === ItemCaptured.type) return this.captured(event, tx);
    if (event.type === ItemAttachedToIncident.type) {
      const data = event.data as EventData<typeof ItemAttachedToIncident>;
      return this.attached(event, tx, data.itemId, data.incidentId);
    }
    const entry = entryFor(sourceOf(event));
    const incidentId = (event.data as { incidentId?: unknown }).incidentId;
    if (!entry || typeof incidentId !== 'string') return;
    await this.file(tx, event, incidentId, event.orgUnit, entry, false);
    // An incident is detected with its first items: no attachment follows for them, the detection is theirs.
    if (event.type === IncidentDetected.type) {
      for (const itemId of (event.data as EventData<typeof IncidentDetected>).itemIds)
        await this.attached(event, tx, itemId, incidentId);
    }
  }

  private async captured(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const data = event.data as EventData<typeof ItemCaptured>;
    await this.lockItem(tx, data.itemId);
    const item: CapturedItem = {
      itemId: data.itemId,
      title: data.title,
      outlet: data.outlet,
      platform: data.platform,
      reachTier: data.reachTier,
      url: data.url,
      publishedAt: data.publishedAt ?? null,
      capturedAt: data.capturedAt,
    };
    await tx.client.query(
      `insert into ${this.table('captured_items')}
         (item_id, title, outlet, platform, reach_tier, url, published_at, captured_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (item_id) do nothing`,
      [
        item.itemId,
        item.title,
        item.outlet,
        item.platform,
        item.reachTier,
        item.url,
        item.publishedAt,
        item.capturedAt,
      ],
    );
    const { rows } = await tx.client.query<{ incident_id: string; attach_event: Attachment }>(
      `select incident_id, attach_event from ${this.table('item_incidents')} where item_id = $1`,
      [data.itemId],
    );
    for (const row of rows) {
      const source = { ...row.attach_event.source, time: new Date(row.attach_event.source.time) };
      await this.file(tx, event, row.incident_id, row.attach_event.orgUnit, itemEntry(item, source), true);
    }
  }

  /** An item put in an incident (attached, or detected with it): filed once its capture is known. */
  private async attached(
    event: InboxEvent,
    tx: InboxTransaction,
    itemId: string,
    incidentId: string,
  ): Promise<void> {
    await this.lockItem(tx, itemId);
    const attachment: Attachment = { source: sourceOf(event), orgUnit: event.orgUnit };
    await tx.client.query(
      `insert into ${this.table('item_incidents')} (item_id, incident_id, attach_event)
       values ($1, $2, $3) on conflict (item_id, incident_id) do nothing`,
      [itemId, incidentId, JSON.stringify(attachment)],
    );
    const { rows } = await tx.client.query<{
      item_id: string;
      title: string;
      outlet: string;
      platform: string;
      reach_tier: string;
      url: string;
      published_at: Date | null;
      captured_at: Date;
    }>(`select * from ${this.table('captured_items')} where item_id = $1`, [itemId]);
    const row = rows[0];
    if (!row) return;
    const item: CapturedItem = {
      itemId: row.item_id,
      title: row.title,
      outlet: row.outlet,
      platform: row.platform,
      reachTier: row.reach_tier,
      url: row.url,
      publishedAt: row.published_at?.toISOString() ?? null,
      capturedAt: row.captured_at.toISOString(),
    };
    await this.file(tx, event, incidentId, event.orgUnit, itemEntry(item, attachment.source), true);
  }

  /** Serialises the two halves of an item's entry (capture and attachment) on one item. */
  private async lockItem(tx: InboxTransaction, itemId: string): Promise<void> {
    await tx.client.query(`select pg_advisory_xact_lock(hashtext($1))`, [`archive.item:${itemId}`]);
  }

  private async file(
    tx: InboxTransaction,
    cause: InboxEvent,
    incidentId: string,
    orgUnit: string,
    entry: EntryDraft,
    newItem: boolean,
  ): Promise<void> {
    await tx.decide(
      archiveStreams.case.id(incidentId),
      caseDecider,
      { kind: 'file', caseId: incidentId, entry, newItem, policy: DEFAULT_CASE_POLICY },
      tx.metadataFor(cause, orgUnit),
    );
  }
}
