import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { CompleteFollowUpTask } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { CompleteFollowUpTaskCommand, type TaskCompleted } from './complete-follow-up-task.command';

/**
 * POST /api/reporting/follow-up-tasks/{taskId}/completions: the unit a follow-up task (督办事项) is assigned to
 * completes it (办结) with the result and evidence; the supervision office sees it close.
 */
@Controller('api/reporting/follow-up-tasks/:taskId/completions')
export class CompleteFollowUpTaskController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(CompleteFollowUpTask, ['taskId'])
  @CommandRoute('POST', '', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'follow-up-task', from: 'params.taskId' },
  })
  complete(
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<TaskCompleted> {
    return this.commands.execute(
      new CompleteFollowUpTaskCommand(CompleteFollowUpTask.parse({ ...(body as object), taskId }), ctx),
    );
  }
}
