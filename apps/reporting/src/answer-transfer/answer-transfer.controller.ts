import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { AnswerTransfer } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { AnswerTransferCommand, type TransferAnswerOutcome } from './answer-transfer.command';

/**
 * POST /api/reporting/transfers/{transferId}/answers: the unit a 网信办 transferred an item to answers it back
 * (回告); the transferring office sees the answer, on time or late, in GET /api/reporting/transfers?direction=sent.
 */
@Controller('api/reporting/transfers/:transferId/answers')
export class AnswerTransferController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(AnswerTransfer, ['transferId'])
  @CommandRoute('POST', '', 'reporting.send-report', {
    orgUnitFrom: { resolver: 'transfer', from: 'params.transferId' },
  })
  answer(
    @Param('transferId') transferId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<TransferAnswerOutcome> {
    return this.commands.execute(
      new AnswerTransferCommand(AnswerTransfer.parse({ ...(body as object), transferId }), ctx),
    );
  }
}
