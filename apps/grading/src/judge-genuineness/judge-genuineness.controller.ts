import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import { JudgeGenuineness } from '@yuqing/contracts';
import { Decisions, type DecisionResult } from '../shared/decisions';

/** POST …/genuineness-judgements: genuine opinion or 伪舆情 (篇二 四(四)1), with the basis of the judgement. */
@Controller('api/grading/incidents/:incidentId')
export class JudgeGenuinenessController {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  @Post('genuineness-judgements')
  @HttpCode(201)
  @Permission('grading.judge-genuineness', {
    orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' },
  })
  async decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<DecisionResult> {
    const { incidentId: _fromPath, ...payload } = JudgeGenuineness.parse({ ...(body as object), incidentId });
    return this.decisions.grade(incidentId, { kind: 'judge-genuineness', ...payload }, auth, {
      idempotencyKey,
      ifMatch,
    });
  }
}
