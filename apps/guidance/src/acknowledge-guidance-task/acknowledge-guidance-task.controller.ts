import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { AcknowledgeGuidanceTask } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  AcknowledgeGuidanceTaskCommand,
  type AcknowledgeGuidanceTaskResult,
} from './acknowledge-guidance-task.command';

/** POST /api/guidance/online-guidance/{id}/tasks/{taskId}/acknowledgements: the assigned commentator only. */
@Controller('api/guidance/online-guidance/:proposalId/tasks/:taskId')
export class AcknowledgeGuidanceTaskController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(AcknowledgeGuidanceTask, ['proposalId', 'taskId'])
  @CommandRoute('POST', 'acknowledgements', 'guidance.report-guidance-task', {
    orgUnitFrom: { resolver: 'guidanceTask', from: 'params.taskId' },
  })
  acknowledge(
    @Param('proposalId') proposalId: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<AcknowledgeGuidanceTaskResult> {
    const payload = AcknowledgeGuidanceTask.parse({ ...(body as object), proposalId, taskId });
    return this.commands.execute(new AcknowledgeGuidanceTaskCommand(payload, ctx));
  }
}
