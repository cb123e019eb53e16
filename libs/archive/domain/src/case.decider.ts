import {
  CaseClosed,
  CaseEntryFiled,
  CaseFileAccessed,
  CaseOpened,
  CaseReopened,
  NotFoundError,
  optional,
  REPORT_KINDS,
  refuse,
  type CaseEntryKind,
  type CaseSummary,
  type EventData,
  type GradeLevel,
  type NewEvent,
  type ReportKind,
  type SourceEventRef,
} from '@yuqing/contracts';
import type { CasePolicy, SummaryPart } from './case.policy';

// One incident's case file (案卷): opened by the first event about the incident, filled with one entry per event,
// closed (结案) by the unit that handled it, reopened when new items arrive. Refusals are domain rules (HTTP 422
// with the rule's id); nothing here reads a clock or mints an id.

/** An entry about to be filed: what `entryFor` makes of a source event. */
export interface EntryDraft {
  readonly kind: CaseEntryKind;
  readonly summary: string;
  readonly occurredAt: string;
  readonly source: SourceEventRef;
  readonly facts: Readonly<Record<string, string | number | boolean | null>>;
  readonly handlingSummary?: CaseSummary;
}

/** A reporting obligation as the case knows it: open until fulfilled, cancelled or carried over. */
export interface CaseObligation {
  readonly obligationId: string;
  readonly kind: string;
  readonly dueAt: string | null;
  readonly open: boolean;
}

export interface CaseState {
  readonly status: 'none' | 'open' | 'closed';
  readonly caseId?: string;
  readonly incidentId?: string;
  /** The entries already filed (`entryKey`): a redelivered event files nothing twice. */
  readonly filed: ReadonlySet<string>;
  readonly grade: { readonly level: GradeLevel; readonly exceptional: boolean } | null;
  readonly obligations: ReadonlyMap<string, CaseObligation>;
  /** The last handling summary reported (处置情况总结), which a closing may take as the case's summary. */
  readonly handlingSummary?: CaseSummary;
}

export type CaseCommand =
  | {
      readonly kind: 'file';
      readonly caseId: string;
      readonly entry: EntryDraft;
      /** A newly attached item: reopens a closed case when the policy says so. */
      readonly newItem: boolean;
      readonly policy: CasePolicy;
    }
  | {
      readonly kind: 'close';
      readonly caseId: string;
      readonly summary?: CaseSummary;
      readonly category: string;
      readonly tags: readonly string[];
      readonly policy: CasePolicy;
    }
  | { readonly kind: 'reopen'; readonly caseId: string; readonly reason: string; readonly policy: CasePolicy }
  | { readonly kind: 'record-read'; readonly caseId: string; readonly purpose: 'view' | 'export' | 'as-of' };

export function initialCaseState(): CaseState {
  return { status: 'none', filed: new Set(), grade: null, obligations: new Map() };
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What an entry's facts change in the obligations the case tracks. */
function obligationsAfter(
  obligations: ReadonlyMap<string, CaseObligation>,
  kind: CaseEntryKind,
  facts: EntryDraft['facts'],
): ReadonlyMap<string, CaseObligation> {
  const obligationId = str(facts['obligationId']);
  if (!obligationId) return obligations;
  const known = obligations.get(obligationId);
  const next = new Map(obligations);
  if (kind === 'obligation-opened') {
    next.set(obligationId, {
      obligationId,
      kind: str(facts['kind']) ?? known?.kind ?? 'unknown',
      dueAt: str(facts['dueAt']) ?? known?.dueAt ?? null,
      open: true,
    });
  } else if (kind === 'obligation-closed' && known) {
    next.set(obligationId, { ...known, open: false });
  } else if (kind === 'obligation-closed') {
    next.set(obligationId, {
      obligationId,
      kind: str(facts['kind']) ?? 'unknown',
      dueAt: str(facts['dueAt']),
      open: false,
    });
  } else {
    return obligations;
  }
  return next;
}

/**
 * What makes an entry once-only: its source event, and for an item the item too (an incident's detection files
 * the detection and each item it was detected with, all from one event).
 */
export function entryKey(entry: {
  readonly source: SourceEventRef;
  readonly facts: EntryDraft['facts'];
}): string {
  const itemId = entry.facts['itemId'];
  return typeof itemId === 'string' ? `${entry.source.eventId}/${itemId}` : entry.source.eventId;
}

/** Folds one event of the stream into the state (recorded events, or new ones in specs). */
export function evolveCase(
  state: CaseState,
  event: { readonly type: string; readonly data: unknown },
): CaseState {
  switch (event.type) {
    case CaseOpened.type: {
      const data = event.data as EventData<typeof CaseOpened>;
      return { ...state, status: 'open', caseId: data.caseId, incidentId: data.incidentId };
    }
    case CaseEntryFiled.type: {
      const data = event.data as EventData<typeof CaseEntryFiled>;
      const filed = new Set(state.filed).add(entryKey(data));
      const level = str(data.facts['level']) as GradeLevel | null;
      return {
        ...state,
        filed,
        grade:
          data.entryKind === 'grade-in-force' && level
            ? { level, exceptional: data.facts['exceptional'] === true }
            : state.grade,
        obligations: obligationsAfter(state.obligations, data.entryKind, data.facts),
        ...(data.handlingSummary ? { handlingSummary: data.handlingSummary } : {}),
      };
    }
    case CaseClosed.type:
      return { ...state, status: 'closed' };
    case CaseReopened.type:
      return { ...state, status: 'open' };
    default:
      return state;
  }
}

function existing(state: CaseState, caseId: string): void {
  if (state.status === 'none') throw new NotFoundError(`case ${caseId} not found`);
}

/** The parts of a summary that are missing or say too little, by their Chinese names. */
export function missingSummaryParts(summary: CaseSummary | undefined, policy: CasePolicy): string[] {
  return (Object.keys(policy.summaryParts) as SummaryPart[])
    .filter((part) => (summary?.[part]?.trim().length ?? 0) < policy.summaryParts[part].minLength)
    .map((part) => policy.summaryParts[part].label);
}

function reportKindName(kind: string): string {
  return kind in REPORT_KINDS ? REPORT_KINDS[kind as ReportKind].zh : kind;
}

function decideClose(command: Extract<CaseCommand, { kind: 'close' }>, state: CaseState): NewEvent[] {
  existing(state, command.caseId);
  if (state.status === 'closed') refuse('archive.case-closed', `case ${command.caseId} is closed already`);
  const open = [...state.obligations.values()].filter((o) => o.open);
  if (open.length > 0)
    refuse(
      'archive.obligations-open',
      `the case cannot be closed while reporting obligations are open: ${open
        .map((o) => `${reportKindName(o.kind)}（${o.obligationId}${o.dueAt ? `，时限 ${o.dueAt}` : ''}）`)
        .join('；')}`,
    );
  const level = state.grade?.level ?? null;
  const needsSummary = level !== null && command.policy.summaryRequiredFor.includes(level);
  const summary = command.summary ?? (needsSummary ? state.handlingSummary : undefined);
  if (needsSummary) {
    const missing = missingSummaryParts(summary, command.policy);
    if (missing.length > 0)
      refuse(
        'archive.summary-incomplete',
        `a ${level} case is closed with its summary and reflection (第二十六条); missing or too short: ${missing.join('、')}`,
        command.summary ? 'summary' : undefined,
      );
  }
  return [
    CaseClosed.create({
      caseId: command.caseId,
      level,
      exceptional: state.grade?.exceptional ?? false,
      ...optional('summary', summary),
      ...optional<'summarySource', 'closing' | 'handling-summary'>(
        'summarySource',
        summary ? (command.summary ? 'closing' : 'handling-summary') : undefined,
      ),
      category: command.category,
      tags: [...command.tags],
      ruleSetVersion: command.policy.version,
    }),
  ];
}

function decideFile(command: Extract<CaseCommand, { kind: 'file' }>, state: CaseState): NewEvent[] {
  const { entry } = command;
  if (state.filed.has(entryKey(entry))) return [];
  const events: NewEvent[] = [];
  if (state.status === 'none')
    events.push(
      CaseOpened.create({ caseId: command.caseId, incidentId: command.caseId, source: entry.source }),
    );
  if (state.status === 'closed' && command.newItem && command.policy.reopenOnNewItems)
    events.push(
      CaseReopened.create({
        caseId: command.caseId,
        reason: '结案后有新的舆情信息归入本事件',
        source: entry.source,
        ruleSetVersion: command.policy.version,
      }),
    );
  events.push(
    CaseEntryFiled.create({
      caseId: command.caseId,
      entryKind: entry.kind,
      summary: entry.summary,
      occurredAt: entry.occurredAt,
      source: entry.source,
      facts: { ...entry.facts },
      ...optional('handlingSummary', entry.handlingSummary),
    }),
  );
  return events;
}

export function decideCase(command: CaseCommand, state: CaseState): NewEvent[] {
  switch (command.kind) {
    case 'file':
      return decideFile(command, state);
    case 'close':
      return decideClose(command, state);
    case 'reopen':
      existing(state, command.caseId);
      if (state.status !== 'closed') refuse('archive.case-open', `case ${command.caseId} is not closed`);
      if (command.reason.trim().length < command.policy.minimumReopenReasonLength)
        refuse(
          'archive.reopen-reason-too-short',
          `a reopening says why in at least ${command.policy.minimumReopenReasonLength} characters (${command.policy.version})`,
          'reason',
        );
      return [
        CaseReopened.create({
          caseId: command.caseId,
          reason: command.reason,
          ruleSetVersion: command.policy.version,
        }),
      ];
    case 'record-read':
      existing(state, command.caseId);
      return [CaseFileAccessed.create({ caseId: command.caseId, purpose: command.purpose })];
  }
}

/** The decider the command handlers and the inbox handler run (load, decide, append). */
export const caseDecider = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};
