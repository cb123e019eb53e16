import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { MoveItem } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { MoveItemCommand, type MoveResult } from './move-item.command';

/**
 * 改归: a monitor moves an item to another incident of the unit, correcting clustering. Answers 201 with every
 * incident written and its new version (send it as If-Match to correct only what you saw); an Idempotency-Key
 * makes a retry safe.
 */
@Controller('api/ingestion')
export class MoveItemController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(MoveItem)
  @Post('items/:itemId/moves')
  @HttpCode(201)
  @Permission('ingestion.correct-clustering', { orgUnitFrom: { resolver: 'item', from: 'params.itemId' } })
  move(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<MoveResult> {
    return this.commands.execute(new MoveItemCommand({ ...MoveItem.parse(body), itemId }, ctx));
  }
}
