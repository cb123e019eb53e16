import { BadRequestException, Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { actorOf, Auth, type AuthContext, Permission } from '@yuqing/auth';
import { uuidv7 } from '@yuqing/event-store';
import { CapturePipeline, type CaptureOutcome } from '../capture-items/capture-pipeline';
import { CsvError } from './csv';
import { rowsToCandidates, tableToCandidates, type RowError } from './import-rows';
import { readXlsx, XlsxError } from './xlsx';

const importRequest = z.strictObject({
  orgUnit: z.string().min(1).max(200),
  format: z.enum(['csv', 'xlsx']),
  /** The file: its text (UTF-8) for CSV, base64 for XLSX, as the console read it. */
  content: z.string().min(1).max(3_000_000),
});

/**
 * POST /api/ingestion/imports: a monitor's spreadsheet of collected items (CSV or XLSX, Chinese or English headers).
 * Valid rows are captured; the answer reports every other row with its column and the problem.
 */
@Controller('api/ingestion/imports')
export class ImportItemsController {
  constructor(@Inject(CapturePipeline) private readonly pipeline: CapturePipeline) {}

  @Post()
  @HttpCode(200)
  @Permission('ingestion.capture-item', { orgUnitFrom: 'body.orgUnit' })
  async import(
    @Body() body: unknown,
    @Auth() auth: AuthContext,
  ): Promise<{ rows: number; outcomes: ({ row: number } & CaptureOutcome)[]; errors: RowError[] }> {
    const request = importRequest.parse(body);
    let parsed: ReturnType<typeof rowsToCandidates>;
    try {
      parsed =
        request.format === 'csv'
          ? rowsToCandidates(request.content)
          : tableToCandidates(readXlsx(Buffer.from(request.content, 'base64')));
    } catch (error) {
      if (error instanceof CsvError || error instanceof XlsxError) {
        throw new BadRequestException({
          message: `the file cannot be read: ${error.message}`,
          errors: [{ path: 'content', message: error.message }],
        });
      }
      throw error;
    }
    const outcomes =
      parsed.candidates.length === 0
        ? []
        : await this.pipeline.capture({
            orgUnit: request.orgUnit,
            actor: actorOf(auth),
            correlationId: `import-${uuidv7()}`,
            candidates: parsed.candidates.map((c) => c.candidate),
          });
    return {
      rows: parsed.candidates.length + new Set(parsed.errors.map((e) => e.row)).size,
      outcomes: outcomes.map((outcome, i) => ({ row: parsed.candidates[i]!.row, ...outcome })),
      errors: parsed.errors,
    };
  }
}
