import { Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { z } from 'zod';
import { Permission } from '@yuqing/auth';
import { MEDIA_TYPES, renderDocx, renderPdf, resolveFonts, type Outline } from '@yuqing/documents';
import { documentFile, rendering } from '@yuqing/service-kit';
import { IncidentDocuments } from './incident-documents';

const byIncident = { resolver: 'response', from: 'params.incidentId' } as const;
const noQuery = z.strictObject({});
const pressReleaseQuery = z.strictObject({
  wordingId: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/)
    .optional()
    .describe('The wording; the latest approved one by default.'),
  version: z.coerce.number().int().min(1).optional().describe('Its approved version.'),
});

type Format = 'pdf' | 'docx';
const render = (outline: Outline, format: Format): Promise<Buffer> =>
  rendering('guidance.document-not-renderable', () =>
    format === 'pdf' ? renderPdf(outline, resolveFonts()) : renderDocx(outline),
  );

/**
 * An incident response's documents, rendered on request from its stream: the press release (新闻通稿) of an
 * approved wording version and the situation statement (情况通报), as PDF (CJK fonts embedded) and DOCX. Read like the
 * releases themselves (guidance.read-releases, in the incident's unit).
 */
@Controller('api/guidance/incidents/:incidentId/documents')
export class RenderDocumentsController {
  constructor(@Inject(IncidentDocuments) private readonly documents: IncidentDocuments) {}

  @Get('press-release.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('guidance.read-releases', { orgUnitFrom: byIncident })
  pressReleasePdf(@Param('incidentId') incidentId: string, @Query() query: unknown): Promise<StreamableFile> {
    return this.pressRelease(incidentId, query, 'pdf');
  }

  @Get('press-release.docx')
  @ApiProduces(MEDIA_TYPES.docx)
  @Permission('guidance.read-releases', { orgUnitFrom: byIncident })
  pressReleaseDocx(
    @Param('incidentId') incidentId: string,
    @Query() query: unknown,
  ): Promise<StreamableFile> {
    return this.pressRelease(incidentId, query, 'docx');
  }

  @Get('situation-statement.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('guidance.read-releases', { orgUnitFrom: byIncident })
  statementPdf(@Param('incidentId') incidentId: string, @Query() query: unknown): Promise<StreamableFile> {
    return this.statement(incidentId, query, 'pdf');
  }

  @Get('situation-statement.docx')
  @ApiProduces(MEDIA_TYPES.docx)
  @Permission('guidance.read-releases', { orgUnitFrom: byIncident })
  statementDocx(@Param('incidentId') incidentId: string, @Query() query: unknown): Promise<StreamableFile> {
    return this.statement(incidentId, query, 'docx');
  }

  private async pressRelease(incidentId: string, query: unknown, format: Format): Promise<StreamableFile> {
    const wanted = pressReleaseQuery.parse(query);
    const outline = await this.documents.pressRelease(incidentId, {
      ...(wanted.wordingId !== undefined ? { wordingId: wanted.wordingId } : {}),
      ...(wanted.version !== undefined ? { version: wanted.version } : {}),
    });
    return documentFile(
      await render(outline, format),
      format,
      outline.info.title,
      `press-release-${incidentId}`,
    );
  }

  private async statement(incidentId: string, query: unknown, format: Format): Promise<StreamableFile> {
    noQuery.parse(query);
    const outline = await this.documents.situationStatement(incidentId);
    return documentFile(
      await render(outline, format),
      format,
      outline.info.title,
      `situation-statement-${incidentId}`,
    );
  }
}
