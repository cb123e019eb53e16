import { BadRequestException, Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import { parseGradingRuleSet, RuleSetError, type GradingRuleSet } from '@yuqing/grading-domain';
import { GradingWhatIf, type WhatIfResult } from './grading-what-if';

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

/**
 * POST /api/grading/what-if: replays incident histories (one incident, or every incident of the unit detected in a
 * period) under a draft rule set and under the rule set in force, on the same facts, and lists the incidents whose
 * grade would differ. Nothing is appended: past decisions keep the version that made them.
 */
@Controller('api/grading/what-if')
export class WhatIfController {
  constructor(@Inject(GradingWhatIf) private readonly whatIf: GradingWhatIf) {}

  @Post()
  @HttpCode(200)
  @Permission('grading.run-what-if', { orgUnitFrom: 'body.orgUnit' })
  run(@Body() body: unknown): Promise<WhatIfResult> {
    const input = request.parse(body);
    return this.whatIf.run(input, this.draft(input.ruleSet));
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
}
