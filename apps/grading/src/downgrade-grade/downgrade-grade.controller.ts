import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { DowngradeGrade } from '@yuqing/contracts';
import { Decisions, type DecisionResult } from '../shared/decisions';

/** POST …/downgrades: the grading authority lowers the grade in force (降级), with the reason and what it rests on. */
@Controller('api/grading/incidents/:incidentId')
export class DowngradeGradeController {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  @Post('downgrades')
  @HttpCode(201)
  @Permission('grading.confirm-grade', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<DecisionResult> {
    const { incidentId: _fromPath, ...payload } = DowngradeGrade.parse({ ...(body as object), incidentId });
    return this.decisions.grade(incidentId, { kind: 'downgrade', ...payload }, auth, {
      idempotencyKey,
      ifMatch,
    });
  }
}
