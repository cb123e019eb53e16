import { Inject, Injectable } from '@nestjs/common';
import {
  eventCatalogue,
  GenuinenessJudged,
  GRADE_IN_FORCE_TYPES,
  gradeInForce,
  GradeProposed,
  IncidentCategorised,
  IncidentDetected,
  IncidentHeatChanged,
  IncidentsMerged,
  IncidentSplit,
  ItemAttachedToIncident,
  ItemCaptured,
  ItemDetachedFromIncident,
  type EventData,
  type EventMetadata,
  type Grade,
  type ReachTier,
} from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { InboxHandler, RefusedEventError, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import { FollowMerges } from '../follow-merges/follow-merges';
import { IncidentReporting } from '../incidents/incident-reporting';

// Opens reporting obligations from what grading and ingestion publish. A grade alone does not give the clock
// (when the opinion arose is ingestion's fact) and ingestion's facts alone give no duty; they travel on different
// topics and partitions, so each is kept as it comes (incident_facts, incident_items) and the obligations open
// when both are known, whichever came last. Deciding is idempotent (a grade event acts once), so a redelivery
// after a crash between the append and the inbox commit opens nothing twice. Every path that may open obligations
// first upserts the incident's facts row, which locks it: a grade and an item handled at once by the two groups
// are then serialised per incident, and the second sees what the first committed (no lost opening).
//
// A monitor's corrections of clustering (合并, 拆分, 改归) move items between incidents. A merge (IncidentsMerged)
// leaves one set of obligations (FollowMerges) and gives the survivor the earlier of both clocks; the incident merged
// away remembers where it went, so a grade of it that comes late opens its obligations there and they follow the
// merge at once. An incident split off another starts its clock no earlier than the split; the original keeps its
// obligations. Items moved by a monitor were referred to a supervision office where they were: not again.
//
// 第十三条 counts the flash reports from when the opinion arose: a 一级 proposal opens them at once, provisional, and
// the authority's decision makes them firm or, setting a lower grade, withdraws them. A proposal the authority has
// already answered (a grade put in force after it) opens nothing. An incident judged 伪舆情 owes nothing: its open
// obligations are withdrawn and nothing opens while the judgement stands; judged genuine again, they are owed again
// on their clocks, and what it would have opened meanwhile opens then. Categories are kept for the documents.

interface Facts {
  incident_id: string;
  org_unit: string | null;
  first_captured_at: Date | null;
  first_published_at: Date | null;
  split_at: Date | null;
  merged_into: string | null;
  merge_event_id: string | null;
  widest_reach: ReachTier | null;
  heat_index: number | null;
  grade: Grade | null;
  grade_event_id: string | null;
  graded_at: Date | null;
  proposed_grade: Grade | null;
  proposal_event_id: string | null;
  proposed_at: Date | null;
  genuineness: 'genuine' | 'fabricated' | null;
}

/** Opens and follows reporting obligations from grading's grades and ingestion's incidents (see above). */
@Injectable()
export class OpenObligations {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(IncidentReporting) private readonly reporting: IncidentReporting,
    @Inject(FollowMerges) private readonly merges: FollowMerges,
  ) {}

  private get schema(): string {
    return this.store.schema;
  }

  /** Applies one event of grading or ingestion, in the inbox transaction (D5). */
  async apply(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const client = tx.client;
    const s = this.schema;
    const inForce = gradeInForce(event);
    if (inForce) {
      const { grade } = inForce;
      const { incidentId } = event.data as { incidentId: string };
      await client.query(
        `insert into ${s}.incident_facts (incident_id, org_unit, grade, grade_event_id, graded_at) values ($1, $2, $3, $4, $5)
         on conflict (incident_id) do update set org_unit = coalesce(${s}.incident_facts.org_unit, excluded.org_unit),
           grade = excluded.grade, grade_event_id = excluded.grade_event_id, graded_at = excluded.graded_at`,
        [incidentId, event.orgUnit, JSON.stringify(grade), event.eventId, event.time],
      );
      await this.tryOpen(tx, incidentId, event.metadata);
      return;
    }
    switch (event.type) {
      case GradeProposed.type: {
        const e = event.data as EventData<typeof GradeProposed>;
        await client.query(
          `insert into ${s}.incident_facts (incident_id, org_unit, proposed_grade, proposal_event_id, proposed_at)
           values ($1, $2, $3, $4, $5)
           on conflict (incident_id) do update set org_unit = coalesce(${s}.incident_facts.org_unit, excluded.org_unit),
             proposed_grade = excluded.proposed_grade, proposal_event_id = excluded.proposal_event_id,
             proposed_at = excluded.proposed_at`,
          [e.incidentId, event.orgUnit, JSON.stringify(e.grade), event.eventId, event.time],
        );
        await this.tryOpenProposal(tx, e.incidentId, event.metadata);
        return;
      }
      case GenuinenessJudged.type: {
        await this.judged(tx, event as InboxEvent<EventData<typeof GenuinenessJudged>>);
        return;
      }
      case IncidentCategorised.type: {
        const e = event.data as EventData<typeof IncidentCategorised>;
        await client.query(
          `insert into ${s}.incident_facts (incident_id, org_unit, categories, categories_event_id) values ($1, $2, $3, $4)
           on conflict (incident_id) do update set org_unit = coalesce(${s}.incident_facts.org_unit, excluded.org_unit),
             categories = excluded.categories, categories_event_id = excluded.categories_event_id`,
          [e.incidentId, event.orgUnit, JSON.stringify(e.categories), event.eventId],
        );
        return;
      }
      case ItemCaptured.type: {
        const e = event.data as EventData<typeof ItemCaptured>;
        const { rows } = await client.query<{ incident_id: string | null }>(
          `insert into ${s}.incident_items (item_id, org_unit, captured_at, published_at, platform, outlet, title, url, captured_event_id)
           values ($1,$2,$3,$4,$5,$6,$7,$8,$9)
           on conflict (item_id) do update set org_unit = excluded.org_unit, captured_at = excluded.captured_at,
             published_at = excluded.published_at, platform = excluded.platform, outlet = excluded.outlet,
             title = excluded.title, url = excluded.url, captured_event_id = excluded.captured_event_id
           returning incident_id`,
          [
            e.itemId,
            event.orgUnit,
            e.capturedAt,
            e.publishedAt ?? null,
            e.platform,
            e.outlet,
            e.title,
            e.url,
            event.eventId,
          ],
        );
        const incidentId = rows[0]?.incident_id;
        if (incidentId) await this.incidentChanged(tx, incidentId, [e.itemId], event.metadata);
        return;
      }
      case IncidentDetected.type: {
        const e = event.data as EventData<typeof IncidentDetected>;
        // An incident is detected once, in one unit: a later detection naming another unit would move it, and its
        // obligations, out of its unit's sight (issue 19). The first unit stands; the other is refused.
        const known = (await this.facts(tx, e.incidentId))?.org_unit;
        if (known && known !== event.orgUnit) {
          throw new RefusedEventError(
            `incident ${e.incidentId} belongs to another unit than the detection names`,
          );
        }
        // Split off another (拆分): as an incident of its own it arose at the split.
        await client.query(
          `insert into ${s}.incident_facts (incident_id, org_unit, title, split_from, split_at) values ($1, $2, $3, $4, $5)
           on conflict (incident_id) do update set org_unit = coalesce(${s}.incident_facts.org_unit, excluded.org_unit),
             title = excluded.title,
             split_from = excluded.split_from, split_at = excluded.split_at`,
          [
            e.incidentId,
            event.orgUnit,
            e.title,
            e.splitFromIncidentId ?? null,
            e.splitFromIncidentId ? e.detectedAt : null,
          ],
        );
        await this.join(tx, e.incidentId, e.itemIds);
        // Items split off were referred (留言板) where they were: that referral stays with the original.
        const refer = e.splitFromIncidentId ? [] : e.itemIds;
        await this.incidentChanged(tx, e.incidentId, refer, event.metadata);
        if (e.splitFromIncidentId) await this.startChanged(tx, e.splitFromIncidentId);
        return;
      }
      case ItemAttachedToIncident.type: {
        const e = event.data as EventData<typeof ItemAttachedToIncident>;
        await this.join(tx, e.incidentId, [e.itemId]);
        // An item a monitor moved (改归) was referred where it was: that referral stays there.
        const refer = e.movedFromIncidentId ? [] : [e.itemId];
        await this.incidentChanged(tx, e.incidentId, refer, event.metadata);
        if (e.movedFromIncidentId) await this.startChanged(tx, e.movedFromIncidentId);
        return;
      }
      case ItemDetachedFromIncident.type: {
        const e = event.data as EventData<typeof ItemDetachedFromIncident>;
        await this.join(tx, e.movedToIncidentId, [e.itemId]);
        await this.startChanged(tx, e.incidentId);
        return;
      }
      case IncidentSplit.type: {
        const e = event.data as EventData<typeof IncidentSplit>;
        await this.join(tx, e.newIncidentId, e.itemIds);
        await this.startChanged(tx, e.incidentId);
        return;
      }
      case IncidentsMerged.type: {
        await this.followMerge(tx, event as InboxEvent<EventData<typeof IncidentsMerged>>);
        return;
      }
      case IncidentHeatChanged.type: {
        const e = event.data as EventData<typeof IncidentHeatChanged>;
        await client.query(
          `insert into ${s}.incident_facts (incident_id, heat_index, widest_reach, heat_event_id) values ($1, $2, $3, $4)
           on conflict (incident_id) do update set heat_index = excluded.heat_index, widest_reach = excluded.widest_reach,
             heat_event_id = excluded.heat_event_id`,
          [e.incidentId, e.heatIndex, e.widestReach, event.eventId],
        );
        // Only an incident being monitored after an unsigned bulletin cares about a rise (再次上报).
        const { rowCount } = await client.query(
          `select 1 from ${s}.bulletins where incident_id = $1 and status = 'left-unsigned'`,
          [e.incidentId],
        );
        if (rowCount && rowCount > 0) {
          const facts = await this.facts(tx, e.incidentId);
          if (facts?.org_unit && facts.genuineness !== 'fabricated') {
            await this.reporting.executeIn(
              tx,
              e.incidentId,
              { kind: 'observe-heat', heatIndex: e.heatIndex, measuredAt: e.measuredAt },
              metadataFor(facts.org_unit, event.metadata, event.eventId),
            );
          }
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * 合并: the survivor's facts row first (the lock that serialises a grade of it with this), then the merged one's,
   * which remembers where it went. The items move; the survivor's clock facts become the earlier of both. Then the
   * obligations follow (one set for both), and the survivor opens what its grade asks for, if anything is missing.
   */
  private async followMerge(
    tx: InboxTransaction,
    event: InboxEvent<EventData<typeof IncidentsMerged>>,
  ): Promise<void> {
    const s = this.schema;
    const e = event.data;
    await tx.client.query(
      `insert into ${s}.incident_facts (incident_id, org_unit) values ($1, $2)
       on conflict (incident_id) do update set org_unit = coalesce(${s}.incident_facts.org_unit, excluded.org_unit)`,
      [e.incidentId, event.orgUnit],
    );
    await tx.client.query(
      `insert into ${s}.incident_facts (incident_id, org_unit, merged_into, merge_event_id) values ($1, $2, $3, $4)
       on conflict (incident_id) do update set merged_into = excluded.merged_into, merge_event_id = excluded.merge_event_id,
         org_unit = coalesce(${s}.incident_facts.org_unit, excluded.org_unit)`,
      [e.mergedIncidentId, event.orgUnit, e.incidentId, event.eventId],
    );
    // Items of the merged incident not listed (captured there after the merge was decided) go too.
    await tx.client.query(`update ${s}.incident_items set incident_id = $1 where incident_id = $2`, [
      e.incidentId,
      e.mergedIncidentId,
    ]);
    await this.join(tx, e.incidentId, e.itemIds);
    await this.startChanged(tx, e.incidentId);
    const facts = await this.facts(tx, e.incidentId);
    const mergedFacts = await this.facts(tx, e.mergedIncidentId);
    await this.merges.follow(tx, {
      survivorIncidentId: e.incidentId,
      mergedIncidentId: e.mergedIncidentId,
      mergeEventId: event.eventId,
      survivorOrgUnit: facts?.org_unit ?? event.orgUnit,
      mergedOrgUnit: mergedFacts?.org_unit ?? event.orgUnit,
      correlationId: event.metadata.correlationId,
    });
    // Board items of the merged incident it never referred are referred now; then whatever the grade asks for.
    await this.incidentChanged(tx, e.incidentId, e.itemIds, event.metadata);
  }

  /**
   * When the incident arose: the earliest capture and publication of its items and of the incidents merged into it
   * (the earlier of both clocks); unchanged when none of that is known here. Items that left (moved, split off) no
   * longer count.
   */
  private async startChanged(tx: InboxTransaction, incidentId: string): Promise<void> {
    const s = this.schema;
    await tx.client.query(
      `update ${s}.incident_facts f
          set first_captured_at = coalesce(least(x.captured, y.captured), f.first_captured_at),
              first_published_at = coalesce(least(x.published, y.published), f.first_published_at)
        from (select min(captured_at) as captured, min(published_at) as published from ${s}.incident_items
               where incident_id = $1) x,
             (select min(first_captured_at) as captured, min(first_published_at) as published
                from ${s}.incident_facts where merged_into = $1) y
       where f.incident_id = $1`,
      [incidentId],
    );
  }

  /** Items join an incident, or the incident it was merged into (an event of it read after the merge). */
  private async join(tx: InboxTransaction, incidentId: string, itemIds: readonly string[]): Promise<void> {
    const s = this.schema;
    await tx.client.query(
      `insert into ${s}.incident_items (item_id, incident_id)
       select unnest($1::text[]), coalesce((select merged_into from ${s}.incident_facts where incident_id = $2), $2)
       on conflict (item_id) do update set incident_id = excluded.incident_id`,
      [[...itemIds], incidentId],
    );
  }

  /**
   * Refreshes the incident's start from its items, refers board items, and opens obligations if graded. For an
   * incident merged into another, that is done there (its items went there); a grade of its own still opens, and
   * follows the merge.
   */
  private async incidentChanged(
    tx: InboxTransaction,
    incidentId: string,
    itemIds: readonly string[],
    cause: EventMetadata,
  ): Promise<void> {
    const s = this.schema;
    await tx.client.query(
      `insert into ${s}.incident_facts (incident_id) values ($1) on conflict do nothing`,
      [incidentId],
    );
    const into = (await this.facts(tx, incidentId))?.merged_into;
    if (into) {
      await this.incidentChanged(tx, into, itemIds, cause);
      await this.tryOpen(tx, incidentId, cause);
      return;
    }
    await this.startChanged(tx, incidentId);
    const facts = await this.facts(tx, incidentId);
    if (!facts?.org_unit || facts.genuineness === 'fabricated') return;
    const { rows: boardItems } = await tx.client.query<{
      item_id: string;
      outlet: string;
      title: string;
      captured_at: Date;
      captured_event_id: string;
    }>(
      `select item_id, outlet, title, captured_at, captured_event_id from ${s}.incident_items
        where incident_id = $1 and item_id = any($2::text[]) and platform = 'leader-message-board' and captured_at is not null`,
      [incidentId, [...itemIds]],
    );
    for (const item of boardItems) {
      await this.reporting.executeIn(
        tx,
        incidentId,
        {
          kind: 'refer-board-item',
          incidentId,
          orgUnit: facts.org_unit,
          itemId: item.item_id,
          boardName: `${item.outlet} ${item.title}`,
          capturedAt: item.captured_at.toISOString(),
        },
        metadataFor(facts.org_unit, cause, item.captured_event_id),
      );
    }
    if (facts.proposed_grade) await this.tryOpenProposal(tx, incidentId, cause);
    if (facts.grade) await this.tryOpen(tx, incidentId, cause);
  }

  /**
   * 第十三条: a 一级 proposal owes the flash reports from when the opinion arose (the decider opens them provisional),
   * once the incident's start is known, unless the authority has answered it already or it is judged 伪舆情.
   */
  private async tryOpenProposal(
    tx: InboxTransaction,
    incidentId: string,
    cause: EventMetadata,
  ): Promise<void> {
    const facts = await this.facts(tx, incidentId);
    if (!facts?.proposed_grade || !facts.proposal_event_id || !facts.proposed_at || !facts.org_unit) return;
    if (facts.genuineness === 'fabricated' || facts.merged_into) return;
    if (facts.graded_at && facts.graded_at.getTime() >= facts.proposed_at.getTime()) return;
    if (!facts.first_captured_at) return;
    await this.reporting.executeIn(
      tx,
      incidentId,
      {
        kind: 'open-for-proposal',
        incidentId,
        orgUnit: facts.org_unit,
        grade: facts.proposed_grade,
        proposalEventId: facts.proposal_event_id,
        proposedAt: facts.proposed_at.toISOString(),
        incidentStart: {
          firstCapturedAt: facts.first_captured_at.toISOString(),
          ...(facts.first_published_at ? { firstPublishedAt: facts.first_published_at.toISOString() } : {}),
          ...(facts.split_at ? { splitAt: facts.split_at.toISOString() } : {}),
        },
        ...(facts.widest_reach ? { widestReach: facts.widest_reach } : {}),
      },
      metadataFor(facts.org_unit, cause, facts.proposal_event_id),
    );
  }

  /**
   * 伪舆情: grading's judgement withdraws the open obligations (or, genuine again, restores them); then, judged genuine
   * again, what its grade or proposal asks for that did not open while the judgement stood.
   */
  private async judged(
    tx: InboxTransaction,
    event: InboxEvent<EventData<typeof GenuinenessJudged>>,
  ): Promise<void> {
    const s = this.schema;
    const e = event.data;
    const before = (await this.facts(tx, e.incidentId))?.genuineness;
    await tx.client.query(
      `insert into ${s}.incident_facts (incident_id, org_unit, genuineness, genuineness_event_id) values ($1, $2, $3, $4)
       on conflict (incident_id) do update set org_unit = coalesce(${s}.incident_facts.org_unit, excluded.org_unit),
         genuineness = excluded.genuineness, genuineness_event_id = excluded.genuineness_event_id`,
      [e.incidentId, event.orgUnit, e.verdict, event.eventId],
    );
    const facts = await this.facts(tx, e.incidentId);
    if (!facts?.org_unit) return;
    await this.reporting.executeIn(
      tx,
      e.incidentId,
      { kind: 'judge-genuineness', verdict: e.verdict, judgementEventId: event.eventId },
      metadataFor(facts.org_unit, event.metadata, event.eventId),
    );
    // Reversed: what the grade or the proposal asks for that is still missing opens now. (Board items that joined
    // while it stood are not referred: which of them a monitor moved here, referred where they were, is not kept.)
    if (e.verdict === 'genuine' && before === 'fabricated') {
      await this.incidentChanged(tx, e.incidentId, [], event.metadata);
    }
  }

  /** Opens the obligations of the grade in force once the incident's start is known too. */
  private async tryOpen(tx: InboxTransaction, incidentId: string, cause: EventMetadata): Promise<void> {
    const facts = await this.facts(tx, incidentId);
    if (!facts?.grade || !facts.grade_event_id || !facts.graded_at || !facts.org_unit) return;
    if (facts.genuineness === 'fabricated') return;
    // Merged into another before its items were known here: it arose when the one it went into did.
    const into = facts.merged_into ? await this.facts(tx, facts.merged_into) : undefined;
    const firstCapturedAt = facts.first_captured_at ?? into?.first_captured_at;
    const firstPublishedAt = facts.first_published_at ?? into?.first_published_at;
    if (!firstCapturedAt) return;
    await this.reporting.executeIn(
      tx,
      incidentId,
      {
        kind: 'open-for-grade',
        incidentId,
        orgUnit: facts.org_unit,
        grade: facts.grade,
        gradeEventId: facts.grade_event_id,
        gradedAt: facts.graded_at.toISOString(),
        incidentStart: {
          firstCapturedAt: firstCapturedAt.toISOString(),
          ...(firstPublishedAt ? { firstPublishedAt: firstPublishedAt.toISOString() } : {}),
          ...(facts.split_at ? { splitAt: facts.split_at.toISOString() } : {}),
        },
        ...(facts.widest_reach ? { widestReach: facts.widest_reach } : {}),
      },
      metadataFor(facts.org_unit, cause, facts.grade_event_id),
    );
    // A grade of an incident already merged into another came late: what it opened follows the merge at once.
    if (facts.merged_into && facts.merge_event_id) {
      await this.merges.follow(tx, {
        survivorIncidentId: facts.merged_into,
        mergedIncidentId: incidentId,
        mergeEventId: facts.merge_event_id,
        survivorOrgUnit: into?.org_unit ?? facts.org_unit,
        mergedOrgUnit: facts.org_unit,
        correlationId: cause.correlationId,
      });
    }
  }

  private async facts(tx: InboxTransaction, incidentId: string): Promise<Facts | undefined> {
    const { rows } = await tx.client.query<Facts>(
      `select incident_id, org_unit, first_captured_at, first_published_at, split_at, merged_into, merge_event_id,
              widest_reach, heat_index, grade, grade_event_id, graded_at, proposed_grade, proposal_event_id, proposed_at,
              genuineness
         from ${this.schema}.incident_facts where incident_id = $1`,
      [incidentId],
    );
    return rows[0];
  }
}

/** The service acts on a rule: the actor is the service, the cause the event it answered. */
function metadataFor(orgUnit: string, cause: EventMetadata, causationId: string): EventMetadata {
  return {
    orgUnit,
    actor: { kind: 'service', id: 'reporting' },
    correlationId: cause.correlationId,
    causationId,
  };
}

/**
 * Grading's grades in force, its proposals (a 一级 one owes the flash reports at once), its judgements of 伪舆情 and
 * its categories. A group of their own (`<prefix>.open-obligations-grades`), so a backlog of ingestion's items never
 * holds up a grade; one partition at a time, so an incident's proposal is handled before its confirmation.
 */
@InboxHandler({
  purpose: 'open-obligations-grades',
  events: [
    ...GRADE_IN_FORCE_TYPES.map((type) => eventCatalogue.get(type, 1)),
    GradeProposed,
    GenuinenessJudged,
    IncidentCategorised,
  ],
  concurrency: 1,
})
export class GradesHandler {
  constructor(@Inject(OpenObligations) private readonly obligations: OpenObligations) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.obligations.apply(event, tx);
  }
}

/** Ingestion's items and incidents (and corrections of clustering): when incidents arose, where items went. */
@InboxHandler({
  purpose: 'open-obligations-incidents',
  events: [
    ItemCaptured,
    IncidentDetected,
    ItemAttachedToIncident,
    ItemDetachedFromIncident,
    IncidentSplit,
    IncidentsMerged,
    IncidentHeatChanged,
  ],
  concurrency: 3,
})
export class IncidentsHandler {
  constructor(@Inject(OpenObligations) private readonly obligations: OpenObligations) {}

  handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    return this.obligations.apply(event, tx);
  }
}
