import { createHash } from 'node:crypto';
import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DEFAULT_CASE_POLICY } from '@yuqing/archive-domain';
import { archiveStreams } from '@yuqing/contracts';
import { FontUnavailableError, renderPdf, resolveFonts } from '@yuqing/documents';
import { PostgresEventStore, type CanonicalEvent } from '@yuqing/event-store';
import { Clock, type CommandContext } from '@yuqing/service-kit';
import { CaseAccess } from '../read-models/case-files/case-access';
import { CaseFilesReadModel } from '../read-models/case-files/case-files.read-model';
import { caseFileOutline } from './case-file-document';
import { tar } from './ustar';

// The exported case file (案卷导出): one ustar archive an auditor verifies offline (tools/audit/verify.ts
// --case-file). Its format is described in docs/archive-export.md; keep the two in step.

/** Names and version of the format; the verifier refuses others. */
export const CASE_FILE_FORMAT = 'yuqing.archive.case-file/1';
export const CASE_FILE_NAMES = {
  manifest: 'manifest.json',
  pdf: 'case.pdf',
  events: 'events.jsonl',
} as const;

export interface CaseFileManifest {
  readonly format: typeof CASE_FILE_FORMAT;
  readonly caseId: string;
  readonly streamId: string;
  readonly orgUnit: string;
  readonly exportedAt: string;
  readonly exporter: { readonly kind: string; readonly id: string; readonly role?: string };
  readonly policyVersion: string;
  /** The stream's last event: an auditor compares it with the live store (audit:verify <schema> <stream>). */
  readonly head: { readonly position: number; readonly hash: string };
  readonly events: number;
  /** Each other file of the archive: its SHA-256 (hex) and length in bytes. */
  readonly files: Readonly<Record<string, { readonly sha256: string; readonly bytes: number }>>;
}

export interface ExportedCaseFile {
  readonly archive: Buffer;
  readonly manifest: CaseFileManifest;
}

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/** One event per line, exactly the fields the chain hashes (their stored text forms) and its links. */
export function eventsJsonl(events: readonly CanonicalEvent[]): Buffer {
  return Buffer.from(
    events
      .map((e) =>
        JSON.stringify({
          eventId: e.eventId,
          streamId: e.streamId,
          streamPosition: e.streamPosition,
          eventType: e.eventType,
          schemaVersion: e.schemaVersion,
          dataText: e.dataText,
          metadataText: e.metadataText,
          recordedAtMicros: e.recordedAtMicros,
          prevHash: e.prevHash,
          hash: e.hash,
        }),
      )
      .map((json) => `${json}\n`)
      .join(''),
    'utf8',
  );
}

@Injectable()
export class CaseFileExport {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CaseFilesReadModel) private readonly cases: CaseFilesReadModel,
    @Inject(CaseAccess) private readonly access: CaseAccess,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Records the export on the case (第三十条: a read that could not be recorded is not served), then exports the
   * stream as it stands, the export's own record included.
   */
  async export(caseId: string, context: CommandContext): Promise<ExportedCaseFile> {
    const heading = await this.cases.one(caseId);
    if (!heading) throw new NotFoundException(`case ${caseId} not found`);
    await this.access.record(caseId, 'export', context);
    const streamId = archiveStreams.case.id(caseId);
    const events = await this.store.readCanonicalStream(streamId);
    const last = events[events.length - 1];
    const exportedAt = this.clock.now();
    const exporter = {
      kind: context.actor.kind,
      id: context.actor.id,
      ...(context.actor.role ? { role: context.actor.role } : {}),
    };
    const pdf = await this.render(heading, events, {
      exportedAt,
      exporter: `${exporter.id}${exporter.role ? `（${exporter.role}）` : ''}`,
      policyVersion: DEFAULT_CASE_POLICY.version,
      headHash: last?.hash ?? '',
    });
    const jsonl = eventsJsonl(events);
    const manifest: CaseFileManifest = {
      format: CASE_FILE_FORMAT,
      caseId,
      streamId,
      orgUnit: heading.orgUnit,
      exportedAt: exportedAt.toISOString(),
      exporter,
      policyVersion: DEFAULT_CASE_POLICY.version,
      head: { position: last ? Number(last.streamPosition) : 0, hash: last?.hash ?? '' },
      events: events.length,
      files: {
        [CASE_FILE_NAMES.pdf]: { sha256: sha256(pdf), bytes: pdf.length },
        [CASE_FILE_NAMES.events]: { sha256: sha256(jsonl), bytes: jsonl.length },
      },
    };
    const archive = tar([
      {
        name: CASE_FILE_NAMES.manifest,
        content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
        modifiedAt: exportedAt,
      },
      { name: CASE_FILE_NAMES.pdf, content: pdf, modifiedAt: exportedAt },
      { name: CASE_FILE_NAMES.events, content: jsonl, modifiedAt: exportedAt },
    ]);
    return { archive, manifest };
  }

  private async render(...args: Parameters<typeof caseFileOutline>): Promise<Buffer> {
    try {
      return await renderPdf(caseFileOutline(...args), resolveFonts());
    } catch (error) {
      // A missing CJK font is the deployment's problem: one line with the fix, never a stack trace.
      if (error instanceof FontUnavailableError)
        throw new ServiceUnavailableException({ message: error.message, code: error.code });
      throw error;
    }
  }
}
