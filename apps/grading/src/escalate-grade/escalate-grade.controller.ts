import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { EscalateGrade } from '@yuqing/contracts';
import { Decisions, type DecisionResult } from '../shared/decisions';

/** POST …/escalations: the grading authority raises the grade in force (升级), naming the trigger and what caused it (e.g. 因处置不当，导致发展态势进一步扩大 with the missed deadline). */
@Controller('api/grading/incidents/:incidentId')
export class EscalateGradeController {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  @Post('escalations')
  @HttpCode(201)
  @Permission('grading.confirm-grade', { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } })
  async decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<DecisionResult> {
    const { incidentId: _fromPath, ...payload } = EscalateGrade.parse({ ...(body as object), incidentId });
    return this.decisions.grade(incidentId, { kind: 'escalate', ...payload }, auth, {
      idempotencyKey,
      ifMatch,
    });
  }
}
