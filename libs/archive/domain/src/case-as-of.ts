import {
  CaseClosed,
  CaseEntryFiled,
  CaseOpened,
  CaseReopened,
  type CaseEntryKind,
  type EventData,
  type GradeLevel,
} from '@yuqing/contracts';

// An incident as it stood at any instant, across contexts, folded from its case stream for auditors. Entries are
// placed by `occurredAt`, when their source context recorded them, not by when the archive filed them (consumers of
// different topics file out of order, and late); closings and reopenings are the archive's own decisions, placed by
// when they were recorded (a reopening by a new item, by that item's time). Pure: no clock, no I/O.

/** A recorded event of a case stream: what the fold needs of it. */
export interface RecordedCaseEvent {
  readonly type: string;
  readonly data: unknown;
  /** When the archive recorded it. */
  readonly recordedAt: Date;
}

export type ObligationStatusAsOf = 'pending' | 'overdue' | 'fulfilled' | 'cancelled' | 'carried-over';

export interface ObligationAsOf {
  readonly obligationId: string;
  readonly kind: string;
  readonly dueAt: string | null;
  readonly provisional: boolean;
  readonly status: ObligationStatusAsOf;
  /** Fulfilled within its time limit; null unless fulfilled. */
  readonly onTime: boolean | null;
  /** When it stopped being owed (fulfilled, cancelled, carried over); null while owed. */
  readonly closedAt: string | null;
}

export interface GradeAsOf {
  readonly level: GradeLevel;
  readonly exceptional: boolean;
  /** How it came into force: confirmed, overridden, escalated, downgraded. */
  readonly by: string;
  readonly since: string;
}

export interface ProposalAsOf {
  readonly proposalId: string | null;
  readonly level: GradeLevel;
  readonly exceptional: boolean;
  readonly since: string;
}

export interface ReleaseAsOf {
  readonly releaseId: string;
  readonly status: string;
  readonly since: string;
  readonly url: string | null;
}

export interface CaseAsOf {
  readonly caseId: string;
  readonly at: string;
  /** `none` before the first event about the incident. */
  readonly status: 'none' | 'open' | 'closed';
  readonly title: string | null;
  readonly grade: GradeAsOf | null;
  /** The last proposal not yet answered by a confirmation or an override. */
  readonly openProposal: ProposalAsOf | null;
  readonly obligations: readonly ObligationAsOf[];
  /** The latest wording version approved by then. */
  readonly approvedWording: {
    readonly wordingId: string;
    readonly version: number;
    readonly since: string;
  } | null;
  readonly releases: readonly ReleaseAsOf[];
  /** Entries that had occurred by then, of all that the case holds now. */
  readonly entries: number;
}

export interface TimelineItem {
  readonly occurredAt: string;
  readonly kind: CaseEntryKind | 'case-closed' | 'case-reopened';
  readonly summary: string;
  /** The source event (context, type, id, stream, position), for entries; absent for the archive's own steps. */
  readonly source?: EventData<typeof CaseEntryFiled>['source'];
  readonly facts: Readonly<Record<string, string | number | boolean | null>>;
}

type Step =
  | {
      readonly at: number;
      readonly order: number;
      readonly kind: 'entry';
      readonly entry: EventData<typeof CaseEntryFiled>;
    }
  | {
      readonly at: number;
      readonly order: number;
      readonly kind: 'closed';
      readonly data: EventData<typeof CaseClosed>;
    }
  | {
      readonly at: number;
      readonly order: number;
      readonly kind: 'reopened';
      readonly data: EventData<typeof CaseReopened>;
    };

/** The case's steps in the order they happened (ties keep the stream's order). */
function stepsOf(events: readonly RecordedCaseEvent[]): { caseId: string | null; steps: Step[] } {
  let caseId: string | null = null;
  const steps: Step[] = [];
  events.forEach((event, order) => {
    switch (event.type) {
      case CaseOpened.type:
        caseId = (event.data as EventData<typeof CaseOpened>).caseId;
        break;
      case CaseEntryFiled.type: {
        const entry = event.data as EventData<typeof CaseEntryFiled>;
        steps.push({ at: Date.parse(entry.occurredAt), order, kind: 'entry', entry });
        break;
      }
      case CaseClosed.type:
        steps.push({
          at: event.recordedAt.getTime(),
          order,
          kind: 'closed',
          data: event.data as EventData<typeof CaseClosed>,
        });
        break;
      case CaseReopened.type: {
        const data = event.data as EventData<typeof CaseReopened>;
        const at = data.source ? Date.parse(data.source.recordedAt) : event.recordedAt.getTime();
        steps.push({ at, order, kind: 'reopened', data });
        break;
      }
      default:
        break; // reads of the case file change nothing in the incident
    }
  });
  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  return { caseId, steps };
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const iso = (ms: number): string => new Date(ms).toISOString();

const CLOSED_OUTCOMES: ReadonlySet<string> = new Set(['fulfilled', 'cancelled', 'carried-over']);

interface Tracked {
  obligationId: string;
  kind: string;
  dueAt: string | null;
  provisional: boolean;
  closed: { outcome: ObligationStatusAsOf; onTime: boolean | null; at: string } | null;
  reportedOverdue: boolean;
}

function trackObligation(obligations: Map<string, Tracked>, entry: EventData<typeof CaseEntryFiled>): void {
  const facts = entry.facts;
  const obligationId = str(facts['obligationId']);
  if (!obligationId) return;
  const known = obligations.get(obligationId);
  const base: Tracked = known ?? {
    obligationId,
    kind: str(facts['kind']) ?? 'unknown',
    dueAt: str(facts['dueAt']),
    provisional: false,
    closed: null,
    reportedOverdue: false,
  };
  if (entry.entryKind === 'obligation-opened') {
    // Opened, confirmed (same clock), reopened (a new clock) or taken over from a merged incident.
    const reopened = base.closed !== null;
    obligations.set(obligationId, {
      ...base,
      kind: str(facts['kind']) ?? base.kind,
      dueAt: str(facts['dueAt']) ?? base.dueAt,
      provisional: facts['provisional'] === true,
      closed: null,
      reportedOverdue: reopened ? false : base.reportedOverdue,
    });
  } else if (entry.entryKind === 'obligation-closed') {
    const outcome = str(facts['outcome']);
    obligations.set(obligationId, {
      ...base,
      dueAt: str(facts['dueAt']) ?? base.dueAt,
      closed: {
        outcome: outcome && CLOSED_OUTCOMES.has(outcome) ? (outcome as ObligationStatusAsOf) : 'fulfilled',
        onTime: outcome === 'fulfilled' ? facts['onTime'] === true : null,
        at: entry.occurredAt,
      },
    });
  } else if (entry.entryKind === 'obligation-overdue') {
    obligations.set(obligationId, { ...base, reportedOverdue: true });
  }
}

function obligationAsOf(o: Tracked, at: number): ObligationAsOf {
  const late = o.reportedOverdue || (o.dueAt !== null && Date.parse(o.dueAt) < at);
  return {
    obligationId: o.obligationId,
    kind: o.kind,
    dueAt: o.dueAt,
    provisional: o.provisional,
    status: o.closed ? o.closed.outcome : late ? 'overdue' : 'pending',
    onTime: o.closed?.onTime ?? null,
    closedAt: o.closed?.at ?? null,
  };
}

/**
 * The incident as it stood at `at`: everything that had occurred by then (inclusive), and nothing after.
 * `events` are the case stream's recorded events in stream order.
 */
export function caseAsOf(events: readonly RecordedCaseEvent[], at: Date): CaseAsOf {
  const cut = at.getTime();
  const { caseId, steps } = stepsOf(events);
  let status: CaseAsOf['status'] = 'none';
  let title: string | null = null;
  let grade: GradeAsOf | null = null;
  let openProposal: ProposalAsOf | null = null;
  let approvedWording: CaseAsOf['approvedWording'] = null;
  let entries = 0;
  const obligations = new Map<string, Tracked>();
  const releases = new Map<string, ReleaseAsOf>();

  for (const step of steps) {
    if (step.at > cut) break;
    if (step.kind === 'closed') {
      status = 'closed';
      continue;
    }
    if (step.kind === 'reopened') {
      status = 'open';
      continue;
    }
    const { entry } = step;
    const facts = entry.facts;
    if (status === 'none') status = 'open';
    entries += 1;
    switch (entry.entryKind) {
      case 'incident-detected':
        title = str(facts['title']) ?? title;
        break;
      case 'grade-proposed': {
        const level = str(facts['level']) as GradeLevel | null;
        if (level)
          openProposal = {
            proposalId: str(facts['proposalId']),
            level,
            exceptional: facts['exceptional'] === true,
            since: entry.occurredAt,
          };
        break;
      }
      case 'grade-in-force': {
        const level = str(facts['level']) as GradeLevel | null;
        const by = str(facts['by']) ?? 'confirmed';
        if (level) grade = { level, exceptional: facts['exceptional'] === true, by, since: entry.occurredAt };
        // A confirmation or an override answers the proposal; an escalation or a downgrade leaves one open.
        if (by === 'confirmed' || by === 'overridden') openProposal = null;
        break;
      }
      case 'obligation-opened':
      case 'obligation-closed':
      case 'obligation-overdue':
        trackObligation(obligations, entry);
        break;
      case 'wording': {
        const wordingId = str(facts['wordingId']);
        const version = facts['version'];
        if (facts['status'] === 'approved' && wordingId && typeof version === 'number')
          approvedWording = { wordingId, version, since: entry.occurredAt };
        break;
      }
      case 'release': {
        const releaseId = str(facts['releaseId']);
        if (releaseId)
          releases.set(releaseId, {
            releaseId,
            status: str(facts['status']) ?? 'unknown',
            since: entry.occurredAt,
            url: str(facts['url']) ?? releases.get(releaseId)?.url ?? null,
          });
        break;
      }
      default:
        break;
    }
  }

  return {
    caseId: caseId ?? '',
    at: iso(cut),
    status,
    title,
    grade,
    openProposal,
    obligations: [...obligations.values()].map((o) => obligationAsOf(o, cut)),
    approvedWording,
    releases: [...releases.values()],
    entries,
  };
}

/** The case's steps with `from <= occurredAt <= to`, in the order they happened. */
export function caseTimeline(events: readonly RecordedCaseEvent[], from: Date, to: Date): TimelineItem[] {
  const { steps } = stepsOf(events);
  return steps
    .filter((step) => step.at >= from.getTime() && step.at <= to.getTime())
    .map((step): TimelineItem => {
      switch (step.kind) {
        case 'entry':
          return {
            occurredAt: step.entry.occurredAt,
            kind: step.entry.entryKind,
            summary: step.entry.summary,
            source: step.entry.source,
            facts: step.entry.facts,
          };
        case 'closed':
          return {
            occurredAt: iso(step.at),
            kind: 'case-closed',
            summary: `结案（${step.data.category}）`,
            facts: { level: step.data.level, exceptional: step.data.exceptional },
          };
        case 'reopened':
          return {
            occurredAt: iso(step.at),
            kind: 'case-reopened',
            summary: `重新开启：${step.data.reason}`,
            facts: {},
          };
      }
    });
}
