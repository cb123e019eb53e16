import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { DismissItem } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { DismissItemCommand } from './dismiss-item.command';

/** The body: the item comes from the path. */
const dismissal = DismissItem.schema.omit({ itemId: true }).strict();

/** POST /api/ingestion/items/{itemId}/dismissals: dismisses an item with a reason (e.g. 伪舆情) and its basis. */
@Controller('api/ingestion/items/:itemId')
export class DismissItemController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody({ schema: dismissal })
  @Post('dismissals')
  @HttpCode(201)
  @Permission('ingestion.verify-item', { orgUnitFrom: { resolver: 'item', from: 'params.itemId' } })
  dismiss(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<{ version: number }> {
    return this.commands.execute(new DismissItemCommand({ ...dismissal.parse(body), itemId }, ctx));
  }
}
