import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { OrgUnitResolver } from '@yuqing/auth';
import { PostgresEventStore } from '@yuqing/event-store';
import { PG_POOL } from '@yuqing/service-kit';

// The org unit a request concerns, for the guard: an obligation, bulletin or report acts in its incident's unit;
// a forward in the unit that holds the report now; a receipt in the unit the report awaits one from.

abstract class LookupResolver implements OrgUnitResolver {
  protected abstract readonly sql: (schema: string) => string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  async resolve(value: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ org_unit: string | null }>(this.sql(this.store.schema), [value]);
    return rows[0]?.org_unit ?? undefined;
  }
}

@Injectable()
export class ObligationOrgUnitResolver extends LookupResolver {
  protected readonly sql = (s: string) => `select org_unit from ${s}.obligations where obligation_id = $1`;
}

@Injectable()
export class BulletinOrgUnitResolver extends LookupResolver {
  protected readonly sql = (s: string) => `select org_unit from ${s}.bulletins where bulletin_id = $1`;
}

/** 签批: the unit the bulletin was submitted to signs it (第十七条), not the unit that sent it. */
@Injectable()
export class BulletinRecipientResolver extends LookupResolver {
  protected readonly sql = (s: string) =>
    `select recipient as org_unit from ${s}.bulletins where bulletin_id = $1`;
}

@Injectable()
export class ReportOrgUnitResolver extends LookupResolver {
  protected readonly sql = (s: string) => `select org_unit from ${s}.reports where report_id = $1`;
}

/** 转报: the unit holding the report sends it on. */
@Injectable()
export class ReportHolderResolver extends LookupResolver {
  protected readonly sql = (s: string) => `select holder as org_unit from ${s}.reports where report_id = $1`;
}

/** 签收: the unit the report was sent to acknowledges it (once every hop is acknowledged, the holder: refused). */
@Injectable()
export class ReportReceiptResolver extends LookupResolver {
  protected readonly sql = (s: string) =>
    `select coalesce(awaiting_receipt_from, holder) as org_unit from ${s}.reports where report_id = $1`;
}

/** 转办回告: the unit the item was transferred to answers it. */
@Injectable()
export class TransferOrgUnitResolver extends LookupResolver {
  protected readonly sql = (s: string) => `select org_unit from ${s}.transfers where transfer_id = $1`;
}

/** 督办事项办结: the unit the task is assigned to completes it. */
@Injectable()
export class FollowUpTaskAssigneeResolver extends LookupResolver {
  protected readonly sql = (s: string) =>
    `select assignee as org_unit from ${s}.tracked_tasks where task_id = $1`;
}

/** 处置完毕: the incident's own unit declares its handling complete. */
@Injectable()
export class IncidentOrgUnitResolver extends LookupResolver {
  protected readonly sql = (s: string) => `select org_unit from ${s}.incident_facts where incident_id = $1`;
}

/** 值班告警签收: the unit whose roster the alert was raised on. */
@Injectable()
export class DutyAlertOrgUnitResolver extends LookupResolver {
  protected readonly sql = (s: string) => `select org_unit from ${s}.duty_alerts where alert_id = $1`;
}

export const REPORTING_RESOLVERS = {
  obligation: ObligationOrgUnitResolver,
  bulletin: BulletinOrgUnitResolver,
  'bulletin-recipient': BulletinRecipientResolver,
  report: ReportOrgUnitResolver,
  'report-holder': ReportHolderResolver,
  'report-receipt': ReportReceiptResolver,
  transfer: TransferOrgUnitResolver,
  'follow-up-task': FollowUpTaskAssigneeResolver,
  incident: IncidentOrgUnitResolver,
  'duty-alert': DutyAlertOrgUnitResolver,
};
