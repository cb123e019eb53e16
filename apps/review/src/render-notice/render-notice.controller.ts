import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  ServiceUnavailableException,
  StreamableFile,
} from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import {
  contentDisposition,
  FontUnavailableError,
  MEDIA_TYPES,
  renderDocx,
  renderPdf,
  resolveFonts,
  type DocumentFormat,
} from '@yuqing/documents';
import { within } from '@yuqing/review-domain';
import { FindingsReadModel } from '../read-models/findings/findings.read-model';
import { NoticesReadModel, type NoticeRow } from '../read-models/notices/notices.read-model';
import { RatingsReadModel } from '../read-models/ratings/ratings.read-model';
import { noticeOutline } from './notice-document';

/**
 * The 通报 of the city, read by everyone under it (it is circulated to the departments) and above it: the list, and
 * the document as PDF (CJK fonts embedded) or DOCX, rendered on request from the notice and its findings.
 */
@Controller('api/review/notices')
export class RenderNoticeController {
  constructor(
    @Inject(NoticesReadModel) private readonly notices: NoticesReadModel,
    @Inject(FindingsReadModel) private readonly findings: FindingsReadModel,
    @Inject(RatingsReadModel) private readonly ratings: RatingsReadModel,
  ) {}

  @Get()
  @Permission('review.read-findings', { orgUnitFrom: 'none' })
  async list(@Auth() auth: AuthContext): Promise<{ notices: NoticeRow[] }> {
    // Notices of units the caller is in or above.
    const scopes = auth.scope.flatMap((unit) => unitAndAncestors(unit));
    return {
      notices: await this.notices
        .list([...new Set(scopes)])
        .then((rows) => rows.filter((row) => circulatedTo(row, auth))),
    };
  }

  @Get(':noticeId/document.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('review.read-findings', { orgUnitFrom: 'none' })
  pdf(@Param('noticeId') noticeId: string, @Auth() auth: AuthContext): Promise<StreamableFile> {
    return this.document(noticeId, auth, 'pdf');
  }

  @Get(':noticeId/document.docx')
  @ApiProduces(MEDIA_TYPES.docx)
  @Permission('review.read-findings', { orgUnitFrom: 'none' })
  docx(@Param('noticeId') noticeId: string, @Auth() auth: AuthContext): Promise<StreamableFile> {
    return this.document(noticeId, auth, 'docx');
  }

  private async document(
    noticeId: string,
    auth: AuthContext,
    format: DocumentFormat,
  ): Promise<StreamableFile> {
    const notice = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(noticeId)
      ? await this.notices.one(noticeId)
      : undefined;
    // Not circulated to the caller: as if it did not exist.
    if (!notice || !circulatedTo(notice, auth)) throw new NotFoundException(`notice ${noticeId} not found`);
    const findings = (await Promise.all(notice.findingIds.map((id) => this.findings.one(id)))).filter(
      (row) => row !== undefined,
    );
    const names = await this.ratings.names([notice.orgUnit, ...findings.map((f) => f.orgUnit)]);
    const outline = noticeOutline(notice, findings, names);
    let content: Buffer;
    try {
      content = format === 'pdf' ? await renderPdf(outline, resolveFonts()) : await renderDocx(outline);
    } catch (error) {
      if (error instanceof FontUnavailableError)
        throw new ServiceUnavailableException({ message: error.message, code: error.code });
      throw error;
    }
    return new StreamableFile(content, {
      type: MEDIA_TYPES[format],
      disposition: contentDisposition(notice.title, `notice-${notice.noticeId}`, format),
      length: content.length,
    });
  }
}

function unitAndAncestors(unit: string): string[] {
  const parts = unit.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** A notice goes to every unit under the issuer, and is read by those above it. */
function circulatedTo(notice: NoticeRow, auth: AuthContext): boolean {
  return auth.scope.some((unit) => within(unit, notice.orgUnit) || within(notice.orgUnit, unit));
}
