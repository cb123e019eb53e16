import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { z } from 'zod';
import { Auth, Permission, type AuthContext } from '@yuqing/auth';
import { digestText, renderDigestDocx, renderDigestPdf } from '@yuqing/reporting-documents';
import { MEDIA_TYPES, type DocumentFormat } from '@yuqing/documents';
import { Clock, documentFile, rendering } from '@yuqing/service-kit';
import { DocumentsReadModel } from '../render-documents/document-models';
import { NOT_RENDERABLE } from '../render-documents/not-renderable';
import { beijingDate, mondayOf } from '../shared/beijing-time';
import { DigestsReadModel, type Digest } from './digests.read-model';

const DAY = 86_400_000;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const format = z
  .enum(['json', 'pdf', 'docx', 'text'])
  .default('json')
  .describe('json: the data; pdf, docx, text: the 日报/周报 document (libs/reporting/documents).');

/** A day (or a week from a Monday) in Beijing time, as UTC instants: [from, to). */
function period(start: string, days: number): { from: Date; to: Date } {
  const from = new Date(`${start}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + days * DAY) };
}

/**
 * The daily and weekly digest (舆情报送日报/周报) of the caller's scope: obligations opened in the period by kind
 * and how they stand, the deadlines missed (迟报/漏报), bulletins and their sign-off, tasks opened. Data for the
 * console and for the documents library's digest renderers.
 */
@Controller('api/reporting/digests')
export class DigestsController {
  constructor(
    @Inject(DigestsReadModel) private readonly digests: DigestsReadModel,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DocumentsReadModel) private readonly models: DocumentsReadModel,
  ) {}

  @Get('daily')
  @ApiProduces('application/json', MEDIA_TYPES.pdf, MEDIA_TYPES.docx, MEDIA_TYPES.text)
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  daily(@Auth() auth: AuthContext, @Query() query: unknown): Promise<Digest | StreamableFile> {
    const q = z.strictObject({ date: date.optional(), format }).parse(query);
    const day = q.date ?? beijingDate(this.clock.now());
    return q.format === 'json'
      ? this.digest(auth, 'daily', period(day, 1))
      : this.document(auth, 'daily', period(day, 1), q.format, day);
  }

  @Get('weekly')
  @ApiProduces('application/json', MEDIA_TYPES.pdf, MEDIA_TYPES.docx, MEDIA_TYPES.text)
  @Permission('reporting.read-reports', { orgUnitFrom: 'none' })
  weekly(@Auth() auth: AuthContext, @Query() query: unknown): Promise<Digest | StreamableFile> {
    const q = z
      .strictObject({ week: date.describe('The first day of the week (a Monday).').optional(), format })
      .parse(query);
    const week = q.week ?? mondayOf(this.clock.now());
    return q.format === 'json'
      ? this.digest(auth, 'weekly', period(week, 7))
      : this.document(auth, 'weekly', period(week, 7), q.format, week);
  }

  /**
   * The digest as a document for the caller's scope, issued in the name of the unit of the grant that allowed
   * the request (the office whose duty desk prints it).
   */
  private async document(
    auth: AuthContext,
    kind: 'daily' | 'weekly',
    range: { from: Date; to: Date },
    as: DocumentFormat,
    start: string,
  ): Promise<StreamableFile> {
    const model = await this.models.digest(
      auth.scope,
      kind,
      range,
      this.models.nameOf(auth.grant.orgUnit),
      this.clock.now(),
    );
    const content = await rendering<Buffer | string>(NOT_RENDERABLE, () =>
      as === 'pdf' ? renderDigestPdf(model) : as === 'docx' ? renderDigestDocx(model) : digestText(model),
    );
    const title = `${model.issuingOffice} 舆情报送${kind === 'daily' ? '日报' : '周报'} ${start}`;
    return documentFile(content, as, title, `digest-${kind}-${start}`);
  }

  private digest(
    auth: AuthContext,
    kind: 'daily' | 'weekly',
    range: { from: Date; to: Date },
  ): Promise<Digest> {
    return this.digests.digest(auth.scope, kind, range);
  }
}

export type { Digest };
