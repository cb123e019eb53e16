import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import {
  DOCUMENT_TEMPLATES,
  flashReportText,
  renderBulletinDocx,
  renderBulletinPdf,
  renderFlashReportPdf,
  type BulletinDocument,
  type FlashReport,
} from '@yuqing/reporting-documents';
import { PostgresEventStore } from '@yuqing/event-store';
import {
  Clock,
  DocumentVersions,
  PG_POOL,
  rendering,
  type DocumentVersion,
  type Rendition,
} from '@yuqing/service-kit';
import { DocumentsReadModel } from './document-models';
import { NOT_RENDERABLE } from './not-renderable';

export type BulletinRendition = 'pdf' | 'docx';
export type FlashReportRendition = 'text' | 'text-short' | 'pdf';

const BULLETIN_RENDERERS: Record<BulletinRendition, (model: BulletinDocument) => Promise<Buffer> | Buffer> = {
  pdf: renderBulletinPdf,
  docx: renderBulletinDocx,
};

const FLASH_RENDERERS: Record<
  FlashReportRendition,
  (model: FlashReport) => Promise<Buffer | string> | string
> = {
  text: (model) => flashReportText(model, { form: 'full' }),
  'text-short': (model) => flashReportText(model, { form: 'short' }),
  pdf: renderFlashReportPdf,
};

export interface IssuedDocument {
  readonly version: DocumentVersion;
  readonly title: string;
  readonly renditions: readonly Rendition[];
}

/**
 * Issues the reporting documents as versions (DocumentVersions): the model the read models give now is the current
 * version, new when the data or template changed; each rendition asked for is the one kept, rendered the first time.
 */
@Injectable()
export class DocumentIssuer {
  private readonly versions: DocumentVersions;

  constructor(
    @Inject(DocumentsReadModel) private readonly models: DocumentsReadModel,
    @Inject(PG_POOL) pool: Pool,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.versions = new DocumentVersions(pool, store.schema);
  }

  /**
   * The bulletin's current version with the renditions asked for. `tx`: read and keep it in a command's
   * transaction (the sign-off's), on its one connection and its snapshot; rolled back with it.
   */
  async bulletin(
    bulletinId: string,
    renditions: readonly BulletinRendition[],
    tx?: PoolClient,
  ): Promise<IssuedDocument> {
    const models = tx ? this.models.on(tx) : this.models;
    const { model, title, builtFrom } = await models.bulletin(bulletinId);
    const subject = { kind: 'bulletin', subjectId: bulletinId, template: DOCUMENT_TEMPLATES.bulletin };
    const versions = tx ? new DocumentVersions(tx, this.store.schema) : this.versions;
    return this.issue(versions, subject, model, builtFrom, title, renditions, BULLETIN_RENDERERS);
  }

  async flashReport(
    obligationId: string,
    renditions: readonly FlashReportRendition[],
  ): Promise<IssuedDocument> {
    const { model, title, builtFrom } = await this.models.flashReport(obligationId);
    const subject = {
      kind: 'flash-report',
      subjectId: obligationId,
      template: DOCUMENT_TEMPLATES.flashReport,
    };
    return this.issue(this.versions, subject, model, builtFrom, title, renditions, FLASH_RENDERERS);
  }

  /** One version of a document, with what it was built from. */
  version(kind: 'bulletin' | 'flash-report', subjectId: string, versionId: string) {
    return this.versions.version(kind, subjectId, versionId);
  }

  /** Every version of a document, oldest first, with its renditions' hashes. */
  history(kind: 'bulletin' | 'flash-report', subjectId: string) {
    return this.versions.history(kind, subjectId);
  }

  private async issue<M, R extends string>(
    versions: DocumentVersions,
    subject: { kind: string; subjectId: string; template: string },
    model: M,
    builtFrom: Parameters<DocumentVersions['versionOf']>[2],
    title: string,
    renditions: readonly R[],
    renderers: Record<R, (model: M) => Promise<Buffer | string> | Buffer | string>,
  ): Promise<IssuedDocument> {
    const now = this.clock.now();
    const version = await versions.versionOf(subject, model, builtFrom, now);
    const kept: Rendition[] = [];
    for (const rendition of renditions) {
      kept.push(
        await versions.rendition(
          version,
          rendition,
          () => rendering(NOT_RENDERABLE, async () => renderers[rendition](model)),
          now,
        ),
      );
    }
    return { version, title, renditions: kept };
  }
}
