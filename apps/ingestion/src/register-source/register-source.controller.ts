import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Auth, type AuthContext, Ctx, Permission } from '@yuqing/auth';
import { RegisterSource } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { RegisterSourceCommand } from './register-source.command';
import { SourcesReadModel } from './sources.read-model';

/** Sources (监测源): outlets and accounts a unit monitors, with their reach; feeds are polled. */
@Controller('api/ingestion/sources')
export class RegisterSourceController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(SourcesReadModel) private readonly sources: SourcesReadModel,
  ) {}

  @Post()
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  register(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<{ sourceId: string }> {
    return this.commands.execute(new RegisterSourceCommand(RegisterSource.schema.parse(body), ctx));
  }

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  async list(@Auth() auth: AuthContext, @Query('limit') limit?: string): Promise<{ sources: unknown[] }> {
    return { sources: await this.sources.list(auth.scope, Math.min(Number(limit) || 100, 500)) };
  }
}
