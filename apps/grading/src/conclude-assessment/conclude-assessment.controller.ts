import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ConcludeAssessment } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { byIncident, type DecisionResult } from '../incidents/grading-incidents';
import { ConcludeAssessmentCommand } from './conclude-assessment.command';

/** POST …/assessments/{assessmentId}/conclusions: the assessment's nature (定性), trend, risks and conclusion. */
@Controller('api/grading/incidents/:incidentId')
export class ConcludeAssessmentController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ConcludeAssessment, ['incidentId', 'assessmentId'])
  @CommandRoute('POST', 'assessments/:assessmentId/conclusions', 'grading.conduct-assessment', byIncident)
  decide(
    @Param('incidentId') incidentId: string,
    @Param('assessmentId') assessmentId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<DecisionResult> {
    return this.commands.execute(
      new ConcludeAssessmentCommand(
        ConcludeAssessment.parse({ ...(body as object), incidentId, assessmentId }),
        ctx,
      ),
    );
  }
}
