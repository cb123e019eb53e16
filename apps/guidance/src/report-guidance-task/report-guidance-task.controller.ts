import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ReportGuidanceTask } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ReportGuidanceTaskCommand, type ReportGuidanceTaskResult } from './report-guidance-task.command';

/** POST /api/guidance/online-guidance/{id}/tasks/{taskId}/reports: what was posted, where; the assigned commentator only. */
@Controller('api/guidance/online-guidance/:proposalId/tasks/:taskId')
export class ReportGuidanceTaskController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ReportGuidanceTask, ['proposalId', 'taskId'])
  @CommandRoute('POST', 'reports', 'guidance.report-guidance-task', {
    orgUnitFrom: { resolver: 'guidanceTask', from: 'params.taskId' },
  })
  report(
    @Param('proposalId') proposalId: string,
    @Param('taskId') taskId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<ReportGuidanceTaskResult> {
    const payload = ReportGuidanceTask.parse({ ...(body as object), proposalId, taskId });
    return this.commands.execute(new ReportGuidanceTaskCommand(payload, ctx));
  }
}
