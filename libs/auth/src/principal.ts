import type { Role } from './roles';

/** One role held in one org unit. Grants are events in the identity context; revoking one names its id. */
export interface Grant {
  readonly grantId: string;
  readonly role: Role;
  /** Materialized path of the org unit, e.g. `cn.yn.km.yl`. */
  readonly orgUnit: string;
}

/** Who is calling, as the verified token says. */
export interface Principal {
  /** The user id or the machine client id (`sub`). */
  readonly subject: string;
  readonly kind: 'user' | 'integrator';
  readonly grants: readonly Grant[];
  /** OAuth scopes; what a machine client may do on top of its role (e.g. `ingestion.capture-item`). */
  readonly scopes: readonly string[];
  /** The token's id (`jti`), for the denial log; never the token itself. */
  readonly tokenId?: string;
  readonly expiresAt: Date;
}
