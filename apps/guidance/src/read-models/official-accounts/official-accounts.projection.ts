import type { PoolClient } from 'pg';
import {
  OfficialAccountRegistered,
  OfficialAccountRetired,
  UnapprovedReleaseDetected,
  type EventData,
  type RecordedEvent,
} from '@yuqing/contracts';
import { defineProjection, type ProjectionScope } from '@yuqing/event-store';
import { hostOf } from '@yuqing/guidance-domain';

async function apply(scope: ProjectionScope, db: PoolClient, event: RecordedEvent): Promise<void> {
  const accounts = scope.table('official_accounts');
  switch (event.type) {
    case OfficialAccountRegistered.type: {
      const data = event.data as EventData<typeof OfficialAccountRegistered>;
      // The hosts of its prefixes, indexed, so an item is compared only with the accounts that could have posted it.
      const hosts = [...new Set(data.urlPrefixes.map(hostOf).filter((h): h is string => h !== undefined))];
      await db.query(
        `insert into ${accounts} (account_id, org_unit, kind, platform, name, url_prefixes, author_names, hosts,
           status, registered_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10) on conflict (account_id) do nothing`,
        [
          data.accountId,
          event.metadata.orgUnit,
          data.kind,
          data.platform,
          data.name,
          JSON.stringify(data.urlPrefixes),
          JSON.stringify(data.authorNames),
          hosts,
          event.recordedAt,
          event.streamPosition,
        ],
      );
      return;
    }
    case OfficialAccountRetired.type: {
      const data = event.data as EventData<typeof OfficialAccountRetired>;
      await db.query(
        `update ${accounts} set status = 'retired', retired_at = $2, retire_reason = $3, version = $4
          where account_id = $1`,
        [data.accountId, event.recordedAt, data.reason, event.streamPosition],
      );
      return;
    }
    case UnapprovedReleaseDetected.type: {
      const data = event.data as EventData<typeof UnapprovedReleaseDetected>;
      await db.query(`update ${accounts} set version = $2 where account_id = $1`, [
        data.accountId,
        event.streamPosition,
      ]);
      const nearest = data.nearestRelease;
      await db.query(
        `insert into ${scope.table('unapproved_releases')} (account_id, item_id, event_id, org_unit, account_name, url,
           title, captured_at, published_at, nearest_release_id, nearest_incident_id, nearest_url, similarity,
           similarity_threshold, rule_set_version, detected_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         on conflict (account_id, item_id) do nothing`,
        [
          data.accountId,
          data.itemId,
          event.eventId,
          event.metadata.orgUnit,
          data.accountName,
          data.url,
          data.title,
          data.capturedAt,
          data.publishedAt ?? null,
          nearest?.releaseId ?? null,
          nearest?.incidentId ?? null,
          nearest?.url ?? null,
          nearest?.similarity ?? null,
          data.similarityThreshold,
          data.ruleSetVersion,
          event.recordedAt,
        ],
      );
      return;
    }
    default:
      return;
  }
}

/**
 * A unit's official accounts and the releases detected from them that nobody approved (未经审批发布), inline in
 * the appending transaction; rebuilt and verified from the account streams. Tables created by migrations.ts (4201).
 */
export const officialAccountsProjection = defineProjection({
  name: 'guidance.official-accounts',
  handles: [OfficialAccountRegistered.type, OfficialAccountRetired.type, UnapprovedReleaseDetected.type],
  tables: [
    { name: 'official_accounts', key: ['account_id'] },
    { name: 'unapproved_releases', key: ['account_id', 'item_id'] },
  ],
  async evolve(events, db, scope) {
    for (const event of events) await apply(scope, db, event);
  },
});
