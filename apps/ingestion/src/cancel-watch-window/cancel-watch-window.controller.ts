import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { CancelWatchWindow } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import type { WatchWindowAnswer } from '../schedule-watch-window/schedule-watch-window.command';
import { CancelWatchWindowCommand } from './cancel-watch-window.command';

/** The body: the window comes from the path. */
const cancellation = CancelWatchWindow.schema.omit({ windowId: true }).strict();

/** POST /api/ingestion/watch-windows/{windowId}/cancellations: ends a heightened-watch window (重点时段) early. */
@Controller('api/ingestion/watch-windows')
export class CancelWatchWindowController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody({ schema: cancellation })
  @Post(':windowId/cancellations')
  @HttpCode(201)
  @Permission('ingestion.manage-sources', {
    orgUnitFrom: { resolver: 'watch-window', from: 'params.windowId' },
  })
  cancel(
    @Param('windowId') windowId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<WatchWindowAnswer> {
    return this.commands.execute(
      new CancelWatchWindowCommand({ ...cancellation.parse(body), windowId }, ctx),
    );
  }
}
