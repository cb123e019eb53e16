import { Body, Controller, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandRoute, Ctx } from '@yuqing/auth';
import { FileWrittenRequest } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { FileWrittenRequestCommand, type FileWrittenRequestResult } from './file-written-request.command';

/** POST /api/guidance/requests: a unit of your scope files a written request (书面报告). */
@Controller('api/guidance/requests')
export class FileWrittenRequestController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(FileWrittenRequest)
  @CommandRoute('POST', '', 'guidance.file-request', { orgUnitFrom: 'body.orgUnit' })
  file(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<FileWrittenRequestResult> {
    return this.commands.execute(new FileWrittenRequestCommand(FileWrittenRequest.parse(body), ctx));
  }
}
