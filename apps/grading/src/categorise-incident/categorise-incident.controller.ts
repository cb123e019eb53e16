import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { CategoriseIncident } from '@yuqing/contracts';
import { Decisions, type DecisionResult } from '../shared/decisions';

/** POST …/categorisations: categorise the incident (分类, 篇一 二(三)); the rules are read again at once (重大民生诉求). */
@Controller('api/grading/incidents/:incidentId')
export class CategoriseIncidentController {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  @Post('categorisations')
  @HttpCode(201)
  @Permission('grading.categorise-incident', {
    orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' },
  })
  async decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<DecisionResult> {
    const { incidentId: _fromPath, ...payload } = CategoriseIncident.parse({
      ...(body as object),
      incidentId,
    });
    return this.decisions.grade(incidentId, { kind: 'categorise', ...payload }, auth, {
      idempotencyKey,
      ifMatch,
    });
  }
}
