import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { ExplainFinding } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { FindingAnswer } from '../findings-answer';
import { ExplainFindingCommand } from './explain-finding.command';

/** POST /api/review/findings/{id}/explanations: the department explains a finding of its own. */
@Controller('api/review/findings/:findingId')
export class ExplainFindingController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ExplainFinding, ['findingId'])
  @CommandRoute('POST', 'explanations', 'review.answer-findings', {
    orgUnitFrom: { resolver: 'finding', from: 'params.findingId' },
  })
  send(
    @Param('findingId') findingId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<FindingAnswer> {
    const payload = ExplainFinding.parse({ ...(body as object), findingId });
    return this.commands.execute(new ExplainFindingCommand(payload, ctx));
  }
}
