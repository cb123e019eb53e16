import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ReopenCase } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ReopenCaseCommand, type ReopenCaseResult } from './reopen-case.command';

/** POST /api/archive/cases/{id}/reopenings: reopen a closed case, with the reason. */
@Controller('api/archive/cases/:caseId')
export class ReopenCaseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ReopenCase, ['caseId'])
  @CommandRoute('POST', 'reopenings', 'archive.close-cases', {
    orgUnitFrom: { resolver: 'case', from: 'params.caseId' },
  })
  reopen(
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<ReopenCaseResult> {
    const payload = ReopenCase.parse({ ...(body as object), caseId });
    return this.commands.execute(new ReopenCaseCommand(payload, ctx));
  }
}
