import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { OverrideGrade } from '@yuqing/contracts';
import { Decisions, type DecisionResult } from '../shared/decisions';

/** POST …/grade-overrides: the grading authority sets another grade than proposed (改定级别), with the reason. */
@Controller('api/grading/incidents/:incidentId')
export class OverrideGradeController {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  @Post('grade-overrides')
  @HttpCode(201)
  @Permission('grading.confirm-grade', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<DecisionResult> {
    const { incidentId: _fromPath, ...payload } = OverrideGrade.parse({ ...(body as object), incidentId });
    return this.decisions.grade(incidentId, { kind: 'override', ...payload }, auth, {
      idempotencyKey,
      ifMatch,
    });
  }
}
