import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { RecordWrittenRequestOutcome } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import {
  RecordWrittenRequestOutcomeCommand,
  type RecordWrittenRequestOutcomeResult,
} from './record-written-request-outcome.command';

/** POST /api/guidance/requests/{id}/outcomes: what came of an approved request; closes it. */
@Controller('api/guidance/requests/:requestId')
export class RecordWrittenRequestOutcomeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RecordWrittenRequestOutcome, ['requestId'])
  @CommandRoute('POST', 'outcomes', 'guidance.decide-request', {
    orgUnitFrom: { resolver: 'writtenRequestApprover', from: 'params.requestId' },
  })
  record(
    @Param('requestId') requestId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<RecordWrittenRequestOutcomeResult> {
    const payload = RecordWrittenRequestOutcome.parse({ ...(body as object), requestId });
    return this.commands.execute(new RecordWrittenRequestOutcomeCommand(payload, ctx));
  }
}
