import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import { DomainRuleError } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import {
  parseGradingRuleSet,
  RuleSetError,
  whatIf,
  type GradingRuleSet,
  type WhatIfChange,
  type WhatIfReport,
} from '@yuqing/grading-domain';
import { PG_POOL } from '@yuqing/service-kit';
import type { GradingConfig } from '../grading.config';
import { GRADING_CONFIG, RULE_SET } from '../grading.tokens';
import { ruleSetDigest } from '../rules/rule-set-file';
import { incidentStream } from '../shared/incident-stream';

const request = z
  .strictObject({
    /** The unit whose incidents (and its units' below) are replayed. */
    orgUnit: z.string().min(1).max(200),
    /** The draft rule set, in the format of a rule-set file. */
    ruleSet: z.unknown(),
    incidentId: z.string().min(1).max(100).optional(),
    period: z
      .strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
      .refine((p) => Date.parse(p.from) < Date.parse(p.to), {
        message: '`from` must be before `to`',
        path: ['to'],
      })
      .optional(),
  })
  .refine((r) => (r.incidentId === undefined) !== (r.period === undefined), {
    message: 'name either an incidentId or a period',
    path: ['incidentId'],
  });

type Change = WhatIfChange & { readonly title: string | null; readonly orgUnit: string };

/**
 * POST /api/grading/what-if: replays incident histories (one incident, or every incident of the unit detected in a
 * period) under a draft rule set and under the rule set in force, on the same facts, and lists the incidents whose
 * grade would differ. Nothing is appended: past decisions keep the version that made them.
 */
@Controller('api/grading/what-if')
export class WhatIfController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(RULE_SET) private readonly current: GradingRuleSet,
    @Inject(GRADING_CONFIG) private readonly config: GradingConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Permission('grading.run-what-if', { orgUnitFrom: 'body.orgUnit' })
  async run(@Body() body: unknown): Promise<Omit<WhatIfReport, 'changes'> & { changes: Change[] }> {
    const input = request.parse(body);
    const draft = this.draft(input.ruleSet);
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
        events: await this.store.readStream(incidentStream(row.incident_id)),
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

  private draft(json: unknown): GradingRuleSet {
    try {
      return parseGradingRuleSet(json, 'the draft');
    } catch (error) {
      if (!(error instanceof RuleSetError)) throw error;
      throw new BadRequestException({
        message: 'the draft rule set is not valid',
        errors: error.issues.map((issue) => ({ path: `ruleSet.${issue.path}`, message: issue.message })),
      });
    }
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
