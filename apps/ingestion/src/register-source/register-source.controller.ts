import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { RegisterSource } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { RegisterSourceCommand } from './register-source.command';

/**
 * Sources (监测源): outlets and accounts a unit monitors, with their reach; feeds are polled. The list is
 * `read-models/sources/`.
 */
@Controller('api/ingestion/sources')
export class RegisterSourceController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(RegisterSource)
  @Post()
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  register(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<{ sourceId: string }> {
    return this.commands.execute(new RegisterSourceCommand(RegisterSource.schema.parse(body), ctx));
  }
}
