import type { PoolClient } from 'pg';
import { defineProjection, type ProjectionDefinition } from '@yuqing/event-store';
import {
  ClientRegistered,
  GrantRevoked,
  OrgUnitCreated,
  PasswordChanged,
  RoleGranted,
  UserProfileChanged,
  UserRegistered,
  type EventData,
} from '@yuqing/contracts';

/**
 * Keeps the identity read models in the append's transaction: a unique username is enforced by the table.
 * Credentials and signing keys are not events (a hash must never be published) and not part of it.
 */
export function directoryProjection(schema: string): ProjectionDefinition {
  return defineProjection({
    name: 'identity.directory',
    tables: [
      { name: 'org_units', key: ['path'] },
      { name: 'users', key: ['user_id'] },
      { name: 'grants', key: ['grant_id'] },
      { name: 'clients', key: ['client_id'] },
    ],
    handles: [
      OrgUnitCreated.type,
      UserRegistered.type,
      UserProfileChanged.type,
      PasswordChanged.type,
      RoleGranted.type,
      GrantRevoked.type,
      ClientRegistered.type,
    ],
    async evolve(events, client: PoolClient) {
      for (const event of events) {
        const at = event.recordedAt;
        switch (event.type) {
          case OrgUnitCreated.type: {
            const d = event.data as EventData<typeof OrgUnitCreated>;
            await client.query(
              `insert into ${schema}.org_units (path, parent, kind, name, created_at) values ($1, $2, $3, $4, $5)`,
              [d.orgUnit, d.parent ?? null, d.kind, d.name, at],
            );
            break;
          }
          case UserRegistered.type: {
            const d = event.data as EventData<typeof UserRegistered>;
            await client.query(
              `insert into ${schema}.users (user_id, username, display_name, post, org_unit, registered_at) values ($1, $2, $3, $4, $5, $6)`,
              [d.userId, d.username, d.displayName, d.post ?? null, d.orgUnit, at],
            );
            break;
          }
          case UserProfileChanged.type: {
            const d = event.data as EventData<typeof UserProfileChanged>;
            await client.query(`update ${schema}.users set display_name = $2, post = $3 where user_id = $1`, [
              d.userId,
              d.displayName,
              d.post ?? null,
            ]);
            break;
          }
          case PasswordChanged.type: {
            const d = event.data as EventData<typeof PasswordChanged>;
            await client.query(`update ${schema}.users set credential_id = $2 where user_id = $1`, [
              d.userId,
              d.credentialId,
            ]);
            break;
          }
          case RoleGranted.type: {
            const d = event.data as EventData<typeof RoleGranted>;
            await client.query(
              `insert into ${schema}.grants (grant_id, subject_id, subject_kind, role, org_unit, granted_at) values ($1, $2, 'user', $3, $4, $5)`,
              [d.grantId, d.userId, d.role, d.orgUnit, at],
            );
            break;
          }
          case GrantRevoked.type: {
            const d = event.data as EventData<typeof GrantRevoked>;
            await client.query(`update ${schema}.grants set revoked_at = $2 where grant_id = $1`, [
              d.grantId,
              at,
            ]);
            break;
          }
          case ClientRegistered.type: {
            const d = event.data as EventData<typeof ClientRegistered>;
            await client.query(
              `insert into ${schema}.clients (client_id, name, org_unit, grant_id, scopes, credential_id, registered_at) values ($1, $2, $3, $4, $5, $6, $7)`,
              [d.clientId, d.name, d.orgUnit, d.grantId, d.scopes, d.credentialId, at],
            );
            await client.query(
              `insert into ${schema}.grants (grant_id, subject_id, subject_kind, role, org_unit, granted_at) values ($1, $2, 'integrator', 'integrator', $3, $4)`,
              [d.grantId, d.clientId, d.orgUnit, at],
            );
            break;
          }
        }
      }
    },
  });
}
