import { DomainRuleError, NotPermittedError, type NewEvent } from '@yuqing/contracts';
import type { FindingDraft } from '../detection/detector';
import {
  decideFinding,
  evolveFinding,
  initialFindingState,
  type FindingCommand,
  type FindingState,
  type Ruler,
} from '../findings/finding.decider';
import { at, COUNTY, DUTY_OFFICER } from './facts';

// Test fixtures: one finding's stream, decided command by command, so rulings read given / when / then.

/** A 迟报 of the county's duty officer, as the late-report detector drafts it. */
export function aDraft(overrides: Partial<FindingDraft> = {}): FindingDraft {
  return {
    kind: 'late-report',
    article: '第二十八条',
    subject: 'obligation:ob-phone',
    incidentId: 'inc-1',
    responsibleOrgUnitId: COUNTY,
    responsiblePersonId: DUTY_OFFICER,
    severity: 'serious',
    occurredAt: at(45),
    period: '2026-Q4',
    summary: '电话/短信快报迟报 15 分钟。',
    evidence: [
      {
        eventId: 'inc-1-e3',
        type: 'reporting.ReportingObligationFulfilled',
        streamId: 'reporting-inc-1',
        streamPosition: 3,
        time: at(45),
      },
    ],
    detector: 'late-report@1',
    ...overrides,
  };
}

/** Who acts: the units where they hold the permission. */
export const by = (...scope: string[]): Ruler => ({ scope });

export class FindingHistory {
  readonly events: NewEvent[] = [];

  constructor(readonly findingId = 'finding-1') {}

  state(): FindingState {
    return this.events.reduce(evolveFinding, initialFindingState());
  }

  /** Decides the command on the current state and records its events; returns them. */
  run(command: FindingCommand): NewEvent[] {
    const events = decideFinding(command, this.state());
    this.events.push(...events);
    return events;
  }

  /** The rule a refusal (422 or 403) names; fails when the command is not refused. */
  refusal(command: FindingCommand): string {
    try {
      decideFinding(command, this.state());
    } catch (error) {
      if (error instanceof DomainRuleError || error instanceof NotPermittedError) return error.rule;
      throw error;
    }
    throw new Error('expected a refusal');
  }
}
