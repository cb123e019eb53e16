import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { ScheduleWatchWindow } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { ScheduleWatchWindowCommand, type WatchWindowAnswer } from './schedule-watch-window.command';

/**
 * Heightened-watch windows (重点时段): holidays and sensitive dates when a unit's feeds (and those of the units
 * below it) are polled more often. POST schedules one (an Idempotency-Key makes a retry safe); the list is
 * `read-models/watch-windows/`.
 */
@Controller('api/ingestion/watch-windows')
export class ScheduleWatchWindowController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(ScheduleWatchWindow)
  @Post()
  @Permission('ingestion.manage-sources', { orgUnitFrom: 'body.orgUnit' })
  schedule(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<WatchWindowAnswer> {
    return this.commands.execute(new ScheduleWatchWindowCommand(ScheduleWatchWindow.schema.parse(body), ctx));
  }
}
