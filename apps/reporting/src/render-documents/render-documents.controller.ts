import { Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import {
  flashReportText,
  renderBulletinDocx,
  renderBulletinPdf,
  renderFlashReportPdf,
  type BulletinDocument,
  type FlashReport,
} from '@yuqing/reporting-documents';
import { DocumentsReadModel } from './document-models';
import { MEDIA_TYPES, type DocumentFormat } from '@yuqing/documents';
import { documentFile, rendering } from '@yuqing/service-kit';
import { NOT_RENDERABLE } from './not-renderable';

const noQuery = z.strictObject({});
const flashQuery = z.strictObject({
  form: z
    .enum(['short', 'full'])
    .default('full')
    .describe('short: ≤ 500 characters for an SMS; full: the phone script.'),
});

/**
 * The documents an office sends up (第十三、十四条), rendered from the read models on request: the 《网上舆情》
 * bulletin as PDF (CJK fonts embedded) and DOCX, the flash report (快报) as text and as the paper PDF. Read like
 * the reports themselves (reporting.read-reports, in the unit of the bulletin's or obligation's incident).
 */
@Controller('api/reporting')
export class RenderDocumentsController {
  constructor(@Inject(DocumentsReadModel) private readonly models: DocumentsReadModel) {}

  @Get('bulletins/:bulletinId/document.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('reporting.read-reports', { orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' } })
  bulletinPdf(@Param('bulletinId') bulletinId: string, @Query() query: unknown): Promise<StreamableFile> {
    noQuery.parse(query);
    return this.bulletin(bulletinId, 'pdf', renderBulletinPdf);
  }

  @Get('bulletins/:bulletinId/document.docx')
  @ApiProduces(MEDIA_TYPES.docx)
  @Permission('reporting.read-reports', { orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' } })
  bulletinDocx(@Param('bulletinId') bulletinId: string, @Query() query: unknown): Promise<StreamableFile> {
    noQuery.parse(query);
    return this.bulletin(bulletinId, 'docx', renderBulletinDocx);
  }

  /** The flash report as text: `form=short` for an SMS (≤ 500 characters), `full` (default) to read on the phone. */
  @Get('obligations/:obligationId/flash-report')
  @ApiProduces(MEDIA_TYPES.text)
  @Permission('reporting.read-reports', {
    orgUnitFrom: { resolver: 'obligation', from: 'params.obligationId' },
  })
  flashText(@Param('obligationId') obligationId: string, @Query() query: unknown): Promise<StreamableFile> {
    const { form } = flashQuery.parse(query);
    return this.flashReport(obligationId, 'text', (model) => flashReportText(model, { form }));
  }

  /** The paper flash report (书面快报) due within the hour. */
  @Get('obligations/:obligationId/flash-report.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('reporting.read-reports', {
    orgUnitFrom: { resolver: 'obligation', from: 'params.obligationId' },
  })
  flashPdf(@Param('obligationId') obligationId: string, @Query() query: unknown): Promise<StreamableFile> {
    noQuery.parse(query);
    return this.flashReport(obligationId, 'pdf', renderFlashReportPdf);
  }

  private async bulletin(
    bulletinId: string,
    format: DocumentFormat,
    render: (model: BulletinDocument) => Buffer | Promise<Buffer>,
  ): Promise<StreamableFile> {
    const { model, title } = await this.models.bulletin(bulletinId);
    return documentFile(
      await rendering(NOT_RENDERABLE, () => render(model)),
      format,
      title,
      `bulletin-${bulletinId}`,
    );
  }

  private async flashReport(
    obligationId: string,
    format: DocumentFormat,
    render: (model: FlashReport) => Buffer | string | Promise<Buffer | string>,
  ): Promise<StreamableFile> {
    const { model, title } = await this.models.flashReport(obligationId);
    const content = await rendering(NOT_RENDERABLE, () => render(model));
    return documentFile(content, format, `快报 ${title}`, `flash-report-${obligationId}`);
  }
}
