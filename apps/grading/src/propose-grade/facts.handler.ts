import { Inject } from '@nestjs/common';
import { eventCatalogue } from '@yuqing/contracts';
import { GRADING_FACT_TYPES, type GradingRuleSet } from '@yuqing/grading-domain';
import { InboxHandler, LOGGER, type InboxEvent, type InboxTransaction } from '@yuqing/service-kit';
import type { Logger } from '@yuqing/telemetry';
import { carryMergedGrade, mergeOf } from '../carry-merged-grade/carry-merged-grade';
import { RULE_SET } from '../grading.tokens';
import { proposeGrade } from '../incidents/grading-incidents';
import { FactRecorder } from './fact-recorder';

/** The facts of ingestion and reporting that grading reacts to (items, incidents, heat, missed deadlines). */
export const GRADING_FACTS = GRADING_FACT_TYPES.map((type) => eventCatalogue.get(type, 1));

/**
 * Consumes ingestion's and reporting's facts: records each in its incident's grading stream, notes a merged
 * incident's grade in the one that remains, and proposes, all in the inbox transaction of the fact (D5), so a
 * fact is either fully answered or not at all, and a redelivery changes nothing.
 */
@InboxHandler({ purpose: 'propose-grade', events: GRADING_FACTS })
export class FactsHandler {
  constructor(
    @Inject(FactRecorder) private readonly recorder: FactRecorder,
    @Inject(RULE_SET) private readonly ruleSet: GradingRuleSet,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: InboxEvent, tx: InboxTransaction): Promise<void> {
    const touched = await this.recorder.record(tx, event);
    if (!touched) return;
    const merge = mergeOf(touched.fact);
    if (merge) {
      await carryMergedGrade(tx, this.recorder.schema, merge, {
        mergeEventId: touched.fact.eventId,
        orgUnit: touched.orgUnit,
        metadata: touched.metadata,
      });
    }
    const incidents = merge ? [...new Set([touched.incidentId, merge.survivor])] : [touched.incidentId];
    for (const incidentId of incidents) {
      const proposed = await proposeGrade(tx, incidentId, this.ruleSet, touched.metadata);
      if (proposed) {
        this.logger.info(
          { incidentId, orgUnit: touched.orgUnit, proposalId: proposed.proposalId },
          'grade proposed',
        );
      }
    }
  }
}
