import { ReleasePublished, type EventData } from '@yuqing/contracts';
import { defineProjection } from '@yuqing/event-store';
import { canonicalAddress } from '@yuqing/guidance-domain';

/**
 * The releases guidance published (approved first, by its decider), as detection compares captured items with
 * them: inline, so a release counts from the moment its publication commits. No endpoint reads it; the releases'
 * own read model is the incident response's. Table created by migrations.ts (4201).
 */
export const publishedReleasesProjection = defineProjection({
  name: 'guidance.published-releases',
  handles: [ReleasePublished.type],
  tables: [{ name: 'published_releases', key: ['release_id'] }],
  async evolve(events, db, scope) {
    for (const event of events) {
      if (event.type !== ReleasePublished.type) continue;
      const data = event.data as EventData<typeof ReleasePublished>;
      await db.query(
        `insert into ${scope.table('published_releases')} (release_id, incident_id, org_unit, kind, channel, url,
           canonical_url, published_at, text, wording_id, wording_version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (release_id) do nothing`,
        [
          data.releaseId,
          data.incidentId,
          event.metadata.orgUnit,
          data.kind,
          data.channel,
          data.url,
          canonicalAddress(data.url) ?? null,
          data.publishedAt,
          data.text,
          data.wordingId,
          data.wordingVersion,
        ],
      );
    }
  },
});
