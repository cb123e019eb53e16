import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { ConfirmGrade } from '@yuqing/contracts';
import { Decisions, type DecisionResult } from '../shared/decisions';

/** POST …/grade-confirmations: the grading authority (定级机关, 第四条) confirms the open proposal; the grade must be the one proposed. */
@Controller('api/grading/incidents/:incidentId')
export class ConfirmGradeController {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  @Post('grade-confirmations')
  @HttpCode(201)
  @Permission('grading.confirm-grade', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<DecisionResult> {
    const { incidentId: _fromPath, ...payload } = ConfirmGrade.parse({ ...(body as object), incidentId });
    return this.decisions.grade(incidentId, { kind: 'confirm', ...payload }, auth, {
      idempotencyKey,
      ifMatch,
    });
  }
}
