import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainRuleError, gradingStreams } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import { whatIf, type GradingRuleSet, type WhatIfChange, type WhatIfReport } from '@yuqing/grading-domain';
import { PG_POOL } from '@yuqing/service-kit';
import type { GradingConfig } from '../grading.config';
import { GRADING_CONFIG, RULE_SET } from '../grading.tokens';
import { ruleSetDigest } from '../rules/rule-set-file';

export type WhatIfResult = Omit<WhatIfReport, 'changes'> & {
  changes: (WhatIfChange & { readonly title: string | null; readonly orgUnit: string })[];
};

/**
 * What-if as a query: replays incident histories (one incident, or every incident of a unit detected in a
 * period) under a draft rule set and under the rule set in force, on the same facts. Appends nothing.
 */
@Injectable()
export class GradingWhatIf {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(RULE_SET) private readonly current: GradingRuleSet,
    @Inject(GRADING_CONFIG) private readonly config: GradingConfig,
  ) {}

  async run(
    input: { orgUnit: string; incidentId?: string; period?: { from: string; to: string } },
    draft: GradingRuleSet,
  ): Promise<WhatIfResult> {
    await this.refuseReusedVersion(draft);
    const s = this.store.schema;
    const { rows } = await this.pool.query<{ incident_id: string; title: string | null; org_unit: string }>(
      `select incident_id, title, org_unit from ${s}.incidents
        where (org_unit = $1 or org_unit like $1 || '.%')
          and ($2::text is null or incident_id = $2)
          and ($3::timestamptz is null or (detected_at >= $3 and detected_at < $4))
        order by detected_at nulls last, incident_id limit $5`,
      [
        input.orgUnit,
        input.incidentId ?? null,
        input.period?.from ?? null,
        input.period?.to ?? null,
        this.config.WHAT_IF_MAX_INCIDENTS + 1,
      ],
    );
    if (input.incidentId && rows.length === 0)
      throw new NotFoundException(`incident ${input.incidentId} not found`);
    if (rows.length > this.config.WHAT_IF_MAX_INCIDENTS) {
      throw new DomainRuleError(
        'grading.what-if-too-many',
        `more than ${this.config.WHAT_IF_MAX_INCIDENTS} incidents in the period: name a shorter one`,
      );
    }
    const histories = await Promise.all(
      rows.map(async (row) => ({
        incidentId: row.incident_id,
        events: await this.store.readStream(gradingStreams.incident.id(row.incident_id)),
      })),
    );
    const report = whatIf(histories, { current: this.current, draft });
    const byId = new Map(rows.map((row) => [row.incident_id, row]));
    return {
      ...report,
      changes: report.changes.map((change) => ({
        ...change,
        title: byId.get(change.incidentId)?.title ?? null,
        orgUnit: byId.get(change.incidentId)!.org_unit,
      })),
    };
  }

  /** A version names one set of rules: a draft may not reuse a version graded by with other rules. */
  private async refuseReusedVersion(draft: GradingRuleSet): Promise<void> {
    const { rows } = await this.pool.query<{ digest: string }>(
      `select digest from ${this.store.schema}.rule_sets where version = $1`,
      [draft.version],
    );
    if (rows[0] && rows[0].digest !== ruleSetDigest(draft)) {
      throw new BadRequestException({
        message: 'the draft rule set is not valid',
        errors: [
          {
            path: 'ruleSet.version',
            message: `${draft.version} already names other rules; give the draft its own version`,
          },
        ],
      });
    }
  }
}
