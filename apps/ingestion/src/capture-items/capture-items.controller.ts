import { BadRequestException, Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { Ctx, Permission } from '@yuqing/auth';
import { CaptureItem, ContractViolationError, type CommandPayload } from '@yuqing/contracts';
import type { CommandContext } from '@yuqing/service-kit';
import { INGESTION_CONFIG } from '../ingestion.tokens';
import type { IngestionConfig } from '../ingestion.config';
import { CaptureItemsCommand, type CaptureItemsResult } from './capture-items.command';

/**
 * POST /api/ingestion/items: crawlers and integrators push batches, monitors capture by hand. Each item gets an
 * outcome (captured into an incident, duplicate, or rejected with the reason). Send an Idempotency-Key to retry
 * safely: the same key gets the same answer and appends nothing.
 */
@Controller('api/ingestion/items')
export class CaptureItemsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Permission('ingestion.capture-item', { orgUnitFrom: 'body.orgUnit' })
  capture(@Body() body: unknown, @Ctx() ctx: CommandContext): Promise<CaptureItemsResult> {
    const request = z
      .strictObject({
        orgUnit: z.string().min(1).max(200),
        items: z.array(z.unknown()).min(1).max(this.config.CAPTURE_BATCH_MAX),
      })
      .parse(body);
    return this.commands.execute(
      new CaptureItemsCommand({ orgUnit: request.orgUnit, items: items(request.items) }, ctx),
    );
  }
}

/** Each item by its contract; nothing of a batch with an invalid item is captured (the sender fixes and resends). */
function items(offered: readonly unknown[]): CommandPayload<typeof CaptureItem>[] {
  const valid: CommandPayload<typeof CaptureItem>[] = [];
  const errors: { path: string; message: string }[] = [];
  offered.forEach((item, i) => {
    try {
      valid.push(CaptureItem.parse(item));
    } catch (error) {
      if (!(error instanceof ContractViolationError)) throw error;
      errors.push(
        ...error.issues.map((issue) => ({
          path: `items[${i}]${issue.path ? `.${issue.path}` : ''}`,
          message: issue.message,
        })),
      );
    }
  });
  if (errors.length > 0)
    throw new BadRequestException({
      message: `${errors.length} problem(s) in the items; nothing was captured`,
      errors: errors.slice(0, 100),
    });
  return valid;
}
