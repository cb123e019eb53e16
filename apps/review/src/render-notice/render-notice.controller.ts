import { Controller, Get, Inject, NotFoundException, Param, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { MEDIA_TYPES, renderDocx, renderPdf, resolveFonts, type DocumentFormat } from '@yuqing/documents';
import { documentFile, rendering } from '@yuqing/service-kit';
import { FindingsReadModel } from '../read-models/findings/findings.read-model';
import { NoticesReadModel, type NoticeRow } from '../read-models/notices/notices.read-model';
import { RatingsReadModel } from '../read-models/ratings/ratings.read-model';
import { noticeOutline } from './notice-document';

const byNotice = { resolver: 'notice', from: 'params.noticeId' } as const;

/**
 * The 通报 issued by a unit, read in that unit and above it (the reviewers, the auditors of the city): the list, and
 * the document as PDF (CJK fonts embedded) or DOCX, rendered on request from the notice and its findings. The
 * departments it names see their own findings and ratings; the 通报 reaches them as the office distributes it.
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
    return { notices: await this.notices.list(auth.scope) };
  }

  @Get(':noticeId/document.pdf')
  @ApiProduces(MEDIA_TYPES.pdf)
  @Permission('review.read-findings', { orgUnitFrom: byNotice })
  pdf(@Param('noticeId') noticeId: string): Promise<StreamableFile> {
    return this.document(noticeId, 'pdf');
  }

  @Get(':noticeId/document.docx')
  @ApiProduces(MEDIA_TYPES.docx)
  @Permission('review.read-findings', { orgUnitFrom: byNotice })
  docx(@Param('noticeId') noticeId: string): Promise<StreamableFile> {
    return this.document(noticeId, 'docx');
  }

  private async document(noticeId: string, format: DocumentFormat): Promise<StreamableFile> {
    const notice = await this.notices.one(noticeId);
    if (!notice) throw new NotFoundException(`notice ${noticeId} not found`);
    const findings = (await Promise.all(notice.findingIds.map((id) => this.findings.one(id)))).filter(
      (row) => row !== undefined,
    );
    const names = await this.ratings.names([notice.orgUnit, ...findings.map((f) => f.orgUnit)]);
    const outline = noticeOutline(notice, findings, names);
    const content = await rendering('review.notice-not-renderable', () =>
      format === 'pdf' ? renderPdf(outline, resolveFonts()) : renderDocx(outline),
    );
    return documentFile(content, format, notice.title, `notice-${notice.noticeId}`);
  }
}
