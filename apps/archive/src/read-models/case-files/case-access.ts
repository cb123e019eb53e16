import { Inject, Injectable } from '@nestjs/common';
import { archiveStreams } from '@yuqing/contracts';
import { caseDecider } from '@yuqing/archive-domain';
import { ConcurrencyError, PostgresEventStore } from '@yuqing/event-store';
import { Clock, commandTransaction, type CommandContext } from '@yuqing/service-kit';
import { CaseFilesReadModel } from './case-files.read-model';

/** How often a read is recorded again when a filing took the case's next position first. */
const ATTEMPTS = 5;

/**
 * 第三十条: case files are confidential, so every read of one (viewed, exported, folded as of a moment) is itself
 * an event on the case, by the reader, before the answer leaves: a read that could not be recorded is not served.
 */
@Injectable()
export class CaseAccess {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CaseFilesReadModel) private readonly cases: CaseFilesReadModel,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(caseId: string, purpose: 'view' | 'export' | 'as-of', context: CommandContext): Promise<void> {
    const orgUnit = await this.cases.orgUnitOf(caseId);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.transaction((tx) =>
          commandTransaction(tx, context, this.clock.now()).decide(
            archiveStreams.case.id(caseId),
            caseDecider,
            { kind: 'record-read', caseId, purpose },
            // The read belongs to the case's unit, whichever unit the reader's grant is in.
            { expectedVersion: 'ignore-if-match', ...(orgUnit ? { metadata: { orgUnit } } : {}) },
          ),
        );
        return;
      } catch (error) {
        // The inbox handler filed an entry between load and append: load again and append after it.
        if (!(error instanceof ConcurrencyError) || attempt === ATTEMPTS) throw error;
      }
    }
  }
}
