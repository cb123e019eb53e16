import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { OrgUnitResolver } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { PG_POOL } from '@yuqing/service-kit';

/** The org unit an incident belongs to (its detection's), so the guard can check a caller's scope. */
@Injectable()
export class IncidentOrgUnitResolver implements OrgUnitResolver {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  async resolve(incidentId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ org_unit: string }>(
      `select org_unit from ${this.store.schema}.incidents where incident_id = $1`,
      [incidentId],
    );
    return rows[0]?.org_unit;
  }
}
