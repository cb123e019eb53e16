import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { Auth, type AuthContext, Ctx, Permission } from '@yuqing/auth';
import { CaptureItem, TransferItemIn } from '@yuqing/contracts';
import type { CaptureOutcome } from '@yuqing/ingestion-domain';
import type { CommandContext } from '@yuqing/service-kit';
import { TransferItemInCommand } from './transfer-item-in.command';

/** The body as it is read: the item is checked by its own contract afterwards, so its errors name its fields. */
const transferRequest = TransferItemIn.schema.extend({ item: z.unknown() }).strict();

/**
 * POST /api/ingestion/transfers: an internet office (网信办) transfers an item down to a unit with a time by
 * which to respond (转办, 第二、七条). The item skips relevance matching: the office already judged it.
 */
@Controller('api/ingestion/transfers')
export class TransferItemInController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Permission('ingestion.transfer-item', { orgUnitFrom: 'body.orgUnit' })
  transfer(
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Ctx() ctx: CommandContext,
  ): Promise<CaptureOutcome> {
    const request = transferRequest.parse(body);
    const payload = { ...request, item: CaptureItem.parse(request.item) };
    return this.commands.execute(new TransferItemInCommand(payload, ctx, auth.grant.orgUnit));
  }
}
