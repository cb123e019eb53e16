import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import { MEDIA_TYPES, type DocumentFormat } from '@yuqing/documents';
import { documentFile } from '@yuqing/service-kit';
import { DocumentIssuer, type IssuedDocument } from './document-issuer';
import { DocumentsReadModel } from './document-models';

const noQuery = z.strictObject({});
const flashQuery = z.strictObject({
  form: z
    .enum(['short', 'full'])
    .default('full')
    .describe('short: ≤ 500 characters for an SMS; full: the phone script.'),
});

/**
 * The documents an office sends up (第十三、十四条): the 《网上舆情》 bulletin as PDF (CJK fonts embedded) and DOCX, the
 * flash report (快报) as text and as the paper PDF. Each download is a kept version (DocumentIssuer): the same data
 * gives the same bytes, named by `X-Document-Version` and by their SHA-256 as the `ETag`; a leader signs a version.
 * Read like the reports themselves (reporting.read-reports, in the unit of the bulletin's or obligation's incident).
 */
@Controller('api/reporting')
export class RenderDocumentsController {
  constructor(
    @Inject(DocumentIssuer) private readonly issuer: DocumentIssuer,
    @Inject(DocumentsReadModel) private readonly models: DocumentsReadModel,
  ) {}

  @Get('bulletins/:bulletinId/document.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('reporting.read-reports', { orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' } })
  async bulletinPdf(
    @Param('bulletinId') bulletinId: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    noQuery.parse(query);
    const issued = await this.issuer.bulletin(bulletinId, ['pdf']);
    return served(response, issued, 'pdf', issued.title, `bulletin-${bulletinId}`);
  }

  @Get('bulletins/:bulletinId/document.docx')
  @ApiProduces(MEDIA_TYPES.docx)
  @Permission('reporting.read-reports', { orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' } })
  async bulletinDocx(
    @Param('bulletinId') bulletinId: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    noQuery.parse(query);
    const issued = await this.issuer.bulletin(bulletinId, ['docx']);
    return served(response, issued, 'docx', issued.title, `bulletin-${bulletinId}`);
  }

  /**
   * Every version of the bulletin's document, oldest first: when each was built, from which stream version and
   * captures, the SHA-256 of each rendition kept, and which one the leader signed.
   */
  @Get('bulletins/:bulletinId/document-versions')
  @Permission('reporting.read-reports', { orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' } })
  async bulletinVersions(@Param('bulletinId') bulletinId: string, @Query() query: unknown) {
    noQuery.parse(query);
    const signed = await this.models.signedVersion(bulletinId);
    const versions = await this.issuer.history('bulletin', bulletinId);
    return { items: versions.map((version) => ({ ...version, signed: version.versionId === signed })) };
  }

  /**
   * Where each figure of one version comes from (its provenance): for every number and list the document states,
   * the value and the events it was read from, with the path in each and the value found there; and the stream and
   * events the version was built from.
   */
  @Get('bulletins/:bulletinId/document-versions/:versionId/provenance')
  @Permission('reporting.read-reports', { orgUnitFrom: { resolver: 'bulletin', from: 'params.bulletinId' } })
  async bulletinProvenance(
    @Param('bulletinId') bulletinId: string,
    @Param('versionId') versionId: string,
    @Query() query: unknown,
  ) {
    noQuery.parse(query);
    const version = await this.issuer.version('bulletin', bulletinId, versionId);
    if (!version) throw new NotFoundException(`bulletin ${bulletinId} has no document version ${versionId}`);
    const { facts = [], ...builtFrom } = version.builtFrom;
    return { versionId, builtAt: version.builtAt, template: version.template, builtFrom, facts };
  }

  /** The flash report as text: `form=short` for an SMS (≤ 500 characters), `full` (default) to read on the phone. */
  @Get('obligations/:obligationId/flash-report')
  @ApiProduces(MEDIA_TYPES.text)
  @Permission('reporting.read-reports', {
    orgUnitFrom: { resolver: 'obligation', from: 'params.obligationId' },
  })
  async flashText(
    @Param('obligationId') obligationId: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { form } = flashQuery.parse(query);
    const issued = await this.issuer.flashReport(obligationId, [form === 'short' ? 'text-short' : 'text']);
    return served(response, issued, 'text', `快报 ${issued.title}`, `flash-report-${obligationId}`);
  }

  /** The paper flash report (书面快报) due within the hour. */
  @Get('obligations/:obligationId/flash-report.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('reporting.read-reports', {
    orgUnitFrom: { resolver: 'obligation', from: 'params.obligationId' },
  })
  async flashPdf(
    @Param('obligationId') obligationId: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    noQuery.parse(query);
    const issued = await this.issuer.flashReport(obligationId, ['pdf']);
    return served(response, issued, 'pdf', `快报 ${issued.title}`, `flash-report-${obligationId}`);
  }
}

/** The one rendition issued, named by its version and hash. */
function served(
  response: Response,
  issued: IssuedDocument,
  format: DocumentFormat,
  title: string,
  fallback: string,
): StreamableFile {
  const rendition = issued.renditions[0]!;
  response.setHeader('X-Document-Version', issued.version.versionId);
  response.setHeader('ETag', `"${rendition.sha256}"`);
  return documentFile(rendition.bytes, format, title, fallback);
}
