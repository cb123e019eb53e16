import { Inject, Injectable } from '@nestjs/common';
import { scopeCondition, type Grant, type OrgUnitResolver, type Role } from '@yuqing/auth';
import { ReadModel } from '@yuqing/service-kit';

export interface OrgUnitView {
  readonly orgUnit: string;
  readonly parent: string | null;
  readonly kind: string;
  readonly name: string;
}

export interface UserView {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  /** The post (职务) documents name beside the name, when one is recorded. */
  readonly post: string | null;
  readonly orgUnit: string;
  readonly grants: { grantId: string; role: string; orgUnit: string }[];
}

/**
 * Queries on the identity directory projection (directory.projection.ts), and the hashes of the credentials
 * beside it (written by identity/credentials.ts, never from events).
 * Every list goes through scopeCondition: no row outside the caller's scope. `on(tx.client)` reads inside a
 * command's transaction.
 */
@Injectable()
export class Directory extends ReadModel {
  async orgUnitExists(path: string): Promise<boolean> {
    const { rowCount } = await this.db.query(`select 1 from ${this.schema}.org_units where path = $1`, [
      path,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async orgUnits(scope: readonly string[], under?: string): Promise<OrgUnitView[]> {
    const visible = scopeCondition(scope, { column: 'path' });
    const filter = under
      ? scopeCondition([under], { column: 'path', firstParam: visible.params.length + 1 })
      : undefined;
    const { rows } = await this.db.query<{
      path: string;
      parent: string | null;
      kind: string;
      name: string;
    }>(
      `select path, parent, kind, name from ${this.schema}.org_units
        where ${visible.sql}${filter ? ` and ${filter.sql}` : ''} order by path limit 2000`,
      [...visible.params, ...(filter?.params ?? [])],
    );
    return rows.map((r) => ({ orgUnit: r.path, parent: r.parent, kind: r.kind, name: r.name }));
  }

  /**
   * The units above the caller's scope, on the path to the root (a county office's city and province): the
   * places it reports to, named so that a recipient reads as 昆明市 rather than cn.yn.km. Names only; their
   * children, users and incidents stay out of reach.
   */
  async orgUnitsAbove(scope: readonly string[]): Promise<OrgUnitView[]> {
    const above = new Set<string>();
    for (const path of scope) {
      const segments = path.split('.');
      for (let n = 1; n < segments.length; n++) above.add(segments.slice(0, n).join('.'));
    }
    for (const path of scope) above.delete(path);
    if (above.size === 0) return [];
    const { rows } = await this.db.query<{ path: string; parent: string | null; kind: string; name: string }>(
      `select path, parent, kind, name from ${this.schema}.org_units where path = any($1::text[]) order by path`,
      [[...above]],
    );
    return rows.map((r) => ({ orgUnit: r.path, parent: r.parent, kind: r.kind, name: r.name }));
  }

  async users(scope: readonly string[], under?: string): Promise<UserView[]> {
    const visible = scopeCondition(scope, { column: 'u.org_unit' });
    const filter = under
      ? scopeCondition([under], { column: 'u.org_unit', firstParam: visible.params.length + 1 })
      : undefined;
    const { rows } = await this.db.query<{
      user_id: string;
      username: string;
      display_name: string;
      post: string | null;
      org_unit: string;
      grants: { grantId: string; role: string; orgUnit: string }[] | null;
    }>(
      `select u.user_id, u.username, u.display_name, u.post, u.org_unit,
              (select json_agg(json_build_object('grantId', g.grant_id, 'role', g.role, 'orgUnit', g.org_unit) order by g.granted_at)
                 from ${this.schema}.grants g where g.subject_id = u.user_id and g.revoked_at is null) as grants
         from ${this.schema}.users u
        where ${visible.sql}${filter ? ` and ${filter.sql}` : ''} order by u.org_unit, u.username limit 2000`,
      [...visible.params, ...(filter?.params ?? [])],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      post: r.post,
      orgUnit: r.org_unit,
      grants: r.grants ?? [],
    }));
  }

  /** Whether any user holds a live grant: the first administrator is created only before. */
  async hasGrantedUsers(): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `select 1 from ${this.schema}.grants g join ${this.schema}.users u on u.user_id = g.subject_id
        where g.revoked_at is null limit 1`,
    );
    return (rowCount ?? 0) > 0;
  }

  async userByName(
    username: string,
  ): Promise<{ userId: string; orgUnit: string; credentialId: string | null } | undefined> {
    const { rows } = await this.db.query<{
      user_id: string;
      org_unit: string;
      credential_id: string | null;
    }>(`select user_id, org_unit, credential_id from ${this.schema}.users where username = $1`, [username]);
    const r = rows[0];
    return r ? { userId: r.user_id, orgUnit: r.org_unit, credentialId: r.credential_id } : undefined;
  }

  /** Who a user is, for the console's session: name, display name, unit and current credential. */
  async profile(
    userId: string,
  ): Promise<
    { username: string; displayName: string; orgUnit: string; credentialId: string | null } | undefined
  > {
    const { rows } = await this.db.query<{
      username: string;
      display_name: string;
      org_unit: string;
      credential_id: string | null;
    }>(
      `select username, display_name, org_unit, credential_id from ${this.schema}.users where user_id = $1`,
      [userId],
    );
    const r = rows[0];
    return r
      ? {
          username: r.username,
          displayName: r.display_name,
          orgUnit: r.org_unit,
          credentialId: r.credential_id,
        }
      : undefined;
  }

  async userOrgUnit(userId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ org_unit: string }>(
      `select org_unit from ${this.schema}.users where user_id = $1`,
      [userId],
    );
    return rows[0]?.org_unit;
  }

  async grant(
    grantId: string,
  ): Promise<{ subjectId: string; subjectKind: string; orgUnit: string } | undefined> {
    const { rows } = await this.db.query<{ subject_id: string; subject_kind: string; org_unit: string }>(
      `select subject_id, subject_kind, org_unit from ${this.schema}.grants where grant_id = $1`,
      [grantId],
    );
    return rows[0]
      ? { subjectId: rows[0].subject_id, subjectKind: rows[0].subject_kind, orgUnit: rows[0].org_unit }
      : undefined;
  }

  async liveGrants(subjectId: string): Promise<Grant[]> {
    const { rows } = await this.db.query<{ grant_id: string; role: string; org_unit: string }>(
      `select grant_id, role, org_unit from ${this.schema}.grants where subject_id = $1 and revoked_at is null order by granted_at`,
      [subjectId],
    );
    return rows.map((r) => ({ grantId: r.grant_id, role: r.role as Role, orgUnit: r.org_unit }));
  }

  async client(
    clientId: string,
  ): Promise<{ grantId: string; orgUnit: string; scopes: string[]; credentialId: string } | undefined> {
    const { rows } = await this.db.query<{
      grant_id: string;
      org_unit: string;
      scopes: string[];
      credential_id: string;
    }>(
      `select c.grant_id, c.org_unit, c.scopes, c.credential_id from ${this.schema}.clients c
         join ${this.schema}.grants g on g.grant_id = c.grant_id and g.revoked_at is null
        where c.client_id = $1`,
      [clientId],
    );
    const r = rows[0];
    return r
      ? { grantId: r.grant_id, orgUnit: r.org_unit, scopes: r.scopes, credentialId: r.credential_id }
      : undefined;
  }

  async grantOfClient(clientId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ grant_id: string }>(
      `select grant_id from ${this.schema}.clients where client_id = $1`,
      [clientId],
    );
    return rows[0]?.grant_id;
  }

  async credentialHash(credentialId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ hash: string }>(
      `select hash from ${this.schema}.credentials where credential_id = $1`,
      [credentialId],
    );
    return rows[0]?.hash;
  }
}

/** `{ resolver: 'identity.user' }`: the home org unit of the user a request names. */
@Injectable()
export class UserOrgUnitResolver implements OrgUnitResolver {
  constructor(@Inject(Directory) private readonly directory: Directory) {}
  resolve(userId: string): Promise<string | undefined> {
    return this.directory.userOrgUnit(userId);
  }
}

/** `{ resolver: 'identity.grant' }`: the org unit a grant is held in (revoking it needs scope there). */
@Injectable()
export class GrantOrgUnitResolver implements OrgUnitResolver {
  constructor(@Inject(Directory) private readonly directory: Directory) {}
  async resolve(grantId: string): Promise<string | undefined> {
    return (await this.directory.grant(grantId))?.orgUnit;
  }
}
