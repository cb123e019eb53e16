import { Inject, Injectable } from '@nestjs/common';
import { archiveStreams, NotFoundError } from '@yuqing/contracts';
import { caseAsOf, caseTimeline, type CaseAsOf, type TimelineItem } from '@yuqing/archive-domain';
import { PostgresEventStore } from '@yuqing/event-store';

/**
 * Auditors' view of an incident at any instant, computed from the log: the case stream read whole from the event
 * store and folded by `caseAsOf` (libs/archive/domain). Entries count by when their context recorded them, so the
 * stream is read whole rather than cut at the instant by the archive's own recording time.
 */
@Injectable()
export class CaseAsOfReader {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async asOf(incidentId: string, at: Date): Promise<CaseAsOf> {
    return caseAsOf(await this.events(incidentId), at);
  }

  async timeline(incidentId: string, from: Date, to: Date): Promise<TimelineItem[]> {
    return caseTimeline(await this.events(incidentId), from, to);
  }

  private async events(incidentId: string) {
    const events = await this.store.readStream(archiveStreams.case.id(incidentId));
    if (events.length === 0) throw new NotFoundError(`case ${incidentId} not found`);
    return events;
  }
}
