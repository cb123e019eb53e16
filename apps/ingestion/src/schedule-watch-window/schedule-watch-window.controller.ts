import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Auth, type AuthContext, Ctx, Permission } from '@yuqing/auth';
import { ScheduleWatchWindow } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { ScheduleWatchWindowCommand, type WatchWindowAnswer } from './schedule-watch-window.command';
import { WatchWindowsReadModel } from './watch-windows.read-model';

/**
 * Heightened-watch windows (重点时段): holidays and sensitive dates when a unit's feeds (and those of the units
 * below it) are polled more often. POST schedules one (an Idempotency-Key makes a retry safe), GET lists them.
 */
@Controller('api/ingestion/watch-windows')
export class ScheduleWatchWindowController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(WatchWindowsReadModel) private readonly windows: WatchWindowsReadModel,
  ) {}

  @Post()
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  schedule(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<WatchWindowAnswer> {
    return this.commands.execute(new ScheduleWatchWindowCommand(ScheduleWatchWindow.schema.parse(body), ctx));
  }

  @Get()
  @Permission('ingestion.read-items', { orgUnitFrom: 'none' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: unknown,
  ): Promise<{ watchWindows: unknown[]; next?: string }> {
    return this.windows.list(auth.scope, query);
  }
}
