import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Permission } from '@yuqing/auth';
import { VerifyItem } from '@yuqing/contracts';
import { RequestBody, type CommandContext } from '@yuqing/service-kit';
import { VerifyItemCommand } from './verify-item.command';

/** POST /api/ingestion/items/{itemId}/verifications: a monitor's verification (核实) records the findings. */
@Controller('api/ingestion/items/:itemId')
export class VerifyItemController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequestBody(VerifyItem, ['itemId'])
  @Post('verifications')
  @HttpCode(201)
  @Permission('ingestion.verify-item', { orgUnitFrom: { resolver: 'item', from: 'params.itemId' } })
  verify(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Ctx() ctx: CommandContext,
  ): Promise<{ version: number }> {
    return this.commands.execute(
      new VerifyItemCommand(VerifyItem.parse({ ...(body as object), itemId }), ctx),
    );
  }
}
