import { Inject, Injectable } from '@nestjs/common';
import { guidanceStreams, NotFoundError, refuse } from '@yuqing/contracts';
import { PostgresEventStore } from '@yuqing/event-store';
import type { Outline } from '@yuqing/documents';
import { Clock } from '@yuqing/service-kit';
import { pressReleaseOutline, situationStatementOutline } from './guidance-documents';
import { approvedWording, foldIncident, type IncidentRecord } from './incident-record';

/** The outlines of an incident's documents, from its response stream as recorded (no SQL, no table of its own). */
@Injectable()
export class IncidentDocuments {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private async record(incidentId: string): Promise<IncidentRecord> {
    const record = foldIncident(
      incidentId,
      await this.store.readStream(guidanceStreams.response.id(incidentId)),
    );
    if (!record) throw new NotFoundError(`no response for incident ${incidentId}`);
    return record;
  }

  /** The press release of the approved version asked for, else of the latest approved one (422 if there is none). */
  async pressRelease(incidentId: string, wanted: { wordingId?: string; version?: number }): Promise<Outline> {
    const record = await this.record(incidentId);
    const wording = approvedWording(record, wanted);
    if (!wording) {
      if (wanted.wordingId !== undefined || wanted.version !== undefined)
        refuse(
          'guidance.wording-not-approved',
          'a press release is made only from an approved wording version; this one is not approved',
          wanted.version !== undefined ? 'query.version' : 'query.wordingId',
        );
      refuse('guidance.no-approved-wording', `incident ${incidentId} has no approved wording yet`);
    }
    return pressReleaseOutline(wording, this.clock.now());
  }

  /** The situation statement: the facts of the latest approved wording, the steps taken, the releases made. */
  async situationStatement(incidentId: string): Promise<Outline> {
    const record = await this.record(incidentId);
    return situationStatementOutline(record, approvedWording(record), this.clock.now());
  }
}
