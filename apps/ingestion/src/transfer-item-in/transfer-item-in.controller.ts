import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { actorOf, Auth, type AuthContext, Permission } from '@yuqing/auth';
import { CaptureItem } from '@yuqing/contracts';
import { CapturePipeline, type CaptureOutcome } from '../capture-items/capture-pipeline';

const offset = z.iso.datetime({ offset: true });

const transferRequest = z.strictObject({
  /** The unit the item is transferred down to (转办给). */
  orgUnit: z.string().min(1).max(200),
  item: z.unknown(),
  transferReference: z.string().min(1).max(100),
  instructions: z.string().max(2000).optional(),
  respondBy: offset,
});

/**
 * POST /api/ingestion/transfers: an internet office (网信办) transfers an item down to a unit with a time by
 * which to respond (转办, 第二、七条). The item skips relevance matching: the office already judged it.
 */
@Controller('api/ingestion/transfers')
export class TransferItemInController {
  constructor(@Inject(CapturePipeline) private readonly pipeline: CapturePipeline) {}

  @Post()
  @HttpCode(200)
  @Permission('ingestion.transfer-item', { orgUnitFrom: 'body.orgUnit' })
  async transfer(@Body() body: unknown, @Auth() auth: AuthContext): Promise<CaptureOutcome> {
    const request = transferRequest.parse(body);
    const item = CaptureItem.parse(request.item);
    const [outcome] = await this.pipeline.capture({
      orgUnit: request.orgUnit,
      actor: actorOf(auth),
      correlationId: `transfer-${request.transferReference}`,
      candidates: [
        {
          ...item,
          transfer: {
            fromOrgUnitId: auth.grant.orgUnit,
            transferReference: request.transferReference,
            ...(request.instructions ? { instructions: request.instructions } : {}),
            transferredAt: new Date().toISOString(),
            respondBy: request.respondBy,
          },
        },
      ],
      // One transfer reference is one transfer: sent again, it gets the first answer.
      idempotencyKey: `transfer:${request.transferReference}`,
    });
    return outcome!;
  }
}
