import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { CloseCase } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { CloseCaseCommand, type CloseCaseResult } from './close-case.command';

/** POST /api/archive/cases/{id}/closures: close (结案) a case of the unit, with its summary, category and tags. */
@Controller('api/archive/cases/:caseId')
export class CloseCaseController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(CloseCase, ['caseId'])
  @CommandRoute('POST', 'closures', 'archive.close-cases', {
    orgUnitFrom: { resolver: 'case', from: 'params.caseId' },
  })
  close(
    @Param('caseId') caseId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<CloseCaseResult> {
    const payload = CloseCase.parse({ ...(body as object), caseId });
    return this.commands.execute(new CloseCaseCommand(payload, ctx));
  }
}
