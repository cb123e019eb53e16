import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ConveneAssessment } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { ConveneAssessmentCommand } from './convene-assessment.command';

/**
 * POST …/assessments: assessment (研判) by the level in force, 第九至十一条: 一级 a joint meeting of the leading group
 * with the upper committee; 二级 the leading group with the department (nature, trend, risks, plan); 三级 the office
 * notifies the department. The domain refuses a form that does not fit the level, with the rule.
 */
@Controller('api/grading/incidents/:incidentId')
export class ConveneAssessmentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ConveneAssessment, ['incidentId'])
  @CommandRoute('POST', 'assessments', 'grading.conduct-assessment', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new ConveneAssessmentCommand(ConveneAssessment.parse({ ...(body as object), incidentId }), ctx),
    );
  }
}
