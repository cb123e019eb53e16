import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Auth, type AuthContext, Permission } from '@yuqing/auth';
import {
  AssessmentConcluded,
  AssessmentConvened,
  EmergencyPlanActivated,
  HandlingPlanAdopted,
  SpecialTeamFormed,
} from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { Decisions, type DecisionResult } from '../shared/decisions';

// Bodies: the event's fields without the ids the service assigns or takes from the path.
const convene = AssessmentConvened.schema
  .pick({ participantOrgUnitIds: true, scheduledFor: true })
  .extend({ format: AssessmentConvened.schema.shape.format.optional() })
  .strict();
const conclude = AssessmentConcluded.schema.omit({ incidentId: true, assessmentId: true }).strict();
const adoptPlan = HandlingPlanAdopted.schema.omit({ incidentId: true, planId: true }).strict();
const formTeam = SpecialTeamFormed.schema.omit({ incidentId: true, teamId: true }).strict();
const activatePlan = EmergencyPlanActivated.schema.omit({ incidentId: true }).strict();
const assessmentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/);

const byIncident = { orgUnitFrom: { resolver: 'incident', from: 'params.incidentId' } } as const;

/**
 * Assessment (研判) by the level in force, 第九至十一条: 一级 a joint meeting of the leading group with the upper
 * committee, a handling plan, a special team (处置专班) and the emergency plan; 二级 the leading group with the
 * department (nature, trend, risks, plan); 三级 the office notifies the department. The domain refuses a form
 * that does not fit the level, with the rule.
 */
@Controller('api/grading/incidents/:incidentId')
export class ConductAssessmentController {
  constructor(@Inject(Decisions) private readonly decisions: Decisions) {}

  @Post('assessments')
  @HttpCode(201)
  @Permission('grading.conduct-assessment', byIncident)
  async convene(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<DecisionResult> {
    const id = uuidv7();
    const { format, ...rest } = convene.parse(body);
    const command = { kind: 'convene' as const, assessmentId: id, ...rest, ...(format ? { format } : {}) };
    return this.decisions.assess(incidentId, command, auth, {
      idempotencyKey,
      request: body,
      created: { assessmentId: id },
    });
  }

  @Post('assessments/:assessmentId/conclusions')
  @HttpCode(201)
  @Permission('grading.conduct-assessment', byIncident)
  async conclude(
    @Param('incidentId') incidentId: string,
    @Param('assessmentId') id: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<DecisionResult> {
    const command = {
      kind: 'conclude' as const,
      assessmentId: assessmentId.parse(id),
      ...conclude.parse(body),
    };
    return this.decisions.assess(incidentId, command, auth, { idempotencyKey });
  }

  @Post('handling-plans')
  @HttpCode(201)
  @Permission('grading.conduct-assessment', byIncident)
  async adoptPlan(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<DecisionResult> {
    const planId = uuidv7();
    const command = { kind: 'adopt-plan' as const, planId, ...adoptPlan.parse(body) };
    return this.decisions.assess(incidentId, command, auth, {
      idempotencyKey,
      request: body,
      created: { planId },
    });
  }

  @Post('special-teams')
  @HttpCode(201)
  @Permission('grading.form-special-team', byIncident)
  async formTeam(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<DecisionResult> {
    const teamId = uuidv7();
    const command = { kind: 'form-special-team' as const, teamId, ...formTeam.parse(body) };
    return this.decisions.assess(incidentId, command, auth, {
      idempotencyKey,
      request: body,
      created: { teamId },
    });
  }

  @Post('emergency-plan-activations')
  @HttpCode(201)
  @Permission('grading.conduct-assessment', byIncident)
  async activatePlan(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<DecisionResult> {
    const command = { kind: 'activate-emergency-plan' as const, ...activatePlan.parse(body) };
    return this.decisions.assess(incidentId, command, auth, { idempotencyKey });
  }
}
