import { BadRequestException, Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { actorOf, Auth, type AuthContext, Permission } from '@yuqing/auth';
import { CaptureItem, ContractViolationError } from '@yuqing/contracts';
import { uuidv7 } from '@yuqing/event-store';
import { INGESTION_CONFIG } from '../ingestion.tokens';
import type { IngestionConfig } from '../ingestion.config';
import { CapturePipeline, type CaptureCandidate, type CaptureOutcome } from './capture-pipeline';

const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1–200 printable ASCII characters');

/**
 * POST /api/ingestion/items: crawlers and integrators push batches, monitors capture by hand. Each item gets an
 * outcome (captured into an incident, duplicate, or rejected with the reason). Send an Idempotency-Key to retry
 * safely: the same key gets the same answer and appends nothing.
 */
@Controller('api/ingestion/items')
export class CaptureItemsController {
  constructor(
    @Inject(CapturePipeline) private readonly pipeline: CapturePipeline,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Permission('ingestion.capture-item', { orgUnitFrom: 'body.orgUnit' })
  async capture(
    @Body() body: unknown,
    @Auth() auth: AuthContext,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<{ outcomes: CaptureOutcome[] }> {
    const request = z
      .strictObject({
        orgUnit: z.string().min(1).max(200),
        items: z.array(z.unknown()).min(1).max(this.config.CAPTURE_BATCH_MAX),
      })
      .parse(body);
    if (key !== undefined && !idempotencyKey.safeParse(key).success) {
      throw new BadRequestException({
        message: 'the request is not valid',
        errors: [{ path: 'headers.idempotency-key', message: 'must be 1–200 printable ASCII characters' }],
      });
    }
    const candidates: CaptureCandidate[] = [];
    const errors: { path: string; message: string }[] = [];
    request.items.forEach((item, i) => {
      try {
        candidates.push(CaptureItem.parse(item));
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
    // Nothing of a batch with an invalid item is captured: the sender fixes it and sends it again.
    if (errors.length > 0)
      throw new BadRequestException({
        message: `${errors.length} problem(s) in the items; nothing was captured`,
        errors: errors.slice(0, 100),
      });
    const outcomes = await this.pipeline.capture({
      orgUnit: request.orgUnit,
      actor: actorOf(auth),
      correlationId: key ?? uuidv7(),
      candidates,
      ...(key ? { idempotencyKey: key } : {}),
    });
    return { outcomes };
  }
}
