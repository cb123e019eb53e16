import {
  ReportingObligationCancelled,
  ReportingObligationCarriedOver,
  ReportingObligationTakenOver,
  type EventData,
  type NewEvent,
  type ReportKind,
} from '@yuqing/contracts';
import type { ReportingPolicy } from '../policy/reporting-policy';
import type { Obligation, ReportingState } from './reporting-state';

// Merging two incidents (合并, a monitor's correction of clustering in ingestion) leaves one set of reporting
// obligations, never doubled, never lost. The merge touches two streams — the survivor's and the merged-away
// incident's — so it is decided here on both states at once, and the service appends both streams' events in one
// transaction. Time plays no part: what stands is decided by the obligations' own deadlines and reports.
//
// Per report kind (a leader message-board referral is per item, so it always comes over):
// - a report already made for either incident meets that kind for the other: the other's open obligation of the
//   kind is cancelled (reason incident-merged, citing the obligation met);
// - of the obligations still open on both sides, the one whose deadline comes first stands (its clock started
//   earlier: the earliest clock is kept); the others are cancelled, citing it;
// - what remains of the merged incident's — the open obligation that stands, the ones already met (as a record
//   that counts: the kind is not owed again) — is taken over by the survivor with its id, clock, deadline,
//   reminders given, overdue mark, reports and bulletins (ReportingObligationTakenOver), and leaves the merged
//   incident (ReportingObligationCarriedOver).
// Withdrawn obligations and deadlines already missed stay where they were recorded: the history is not rewritten.

export interface MergeCommand {
  readonly survivorIncidentId: string;
  readonly mergedIncidentId: string;
  /** The ingestion event that merged them (IncidentsMerged): every event decided here is caused by it. */
  readonly mergeEventId: string;
  readonly policy: ReportingPolicy;
}

/** The events of a merge, for each of the two streams. */
export interface MergeDecision {
  readonly survivor: NewEvent[];
  readonly merged: NewEvent[];
}

const live = (o: Obligation) => o.status === 'open' || o.status === 'fulfilled';
const byBoard = (o: Obligation) => o.reason === 'leader-board-item';

/** The obligation that stands among open ones of a kind: the earliest deadline, then the earliest clock. */
function earliest(obligations: readonly Obligation[]): Obligation {
  return obligations.reduce((kept, o) => {
    const due = Date.parse(o.dueAt) - Date.parse(kept.dueAt);
    if (due !== 0) return due < 0 ? o : kept;
    return Date.parse(o.clockStartedAt) < Date.parse(kept.clockStartedAt) ? o : kept;
  });
}

/**
 * Decides what a merge does to the obligations of the incident that remains (`survivor`) and of the one merged into
 * it (`merged`). Idempotent: once the merged incident has nothing open or met left, it decides nothing; run again
 * after a grade came late for the merged incident, it carries over what that grade opened.
 */
export function decideMerge(
  command: MergeCommand,
  survivor: ReportingState,
  merged: ReportingState,
): MergeDecision {
  const mergedLive = merged.obligations.filter(live);
  if (mergedLive.length === 0 || command.survivorIncidentId === command.mergedIncidentId) {
    return { survivor: [], merged: [] };
  }
  /** Obligation id → the obligation that stands instead of it. */
  const cancelSurvivor = new Map<string, Obligation>();
  const cancelMerged = new Map<string, Obligation>();
  const carry: Obligation[] = mergedLive.filter(byBoard);

  const kinds = [...new Set(mergedLive.filter((o) => !byBoard(o)).map((o) => o.kind))];
  for (const kind of kinds) {
    const ofKind = (list: readonly Obligation[], status: Obligation['status']) =>
      list.filter((o) => o.kind === kind && o.status === status && !byBoard(o));
    const survivorOpen = ofKind(survivor.obligations, 'open');
    const survivorMet = ofKind(survivor.obligations, 'fulfilled');
    const mergedOpen = ofKind(mergedLive, 'open');
    const mergedMet = ofKind(mergedLive, 'fulfilled');
    // A report already made for one of the two incidents meets the kind for the other.
    for (const o of mergedOpen) if (survivorMet[0]) cancelMerged.set(o.obligationId, survivorMet[0]);
    for (const o of survivorOpen) if (mergedMet[0]) cancelSurvivor.set(o.obligationId, mergedMet[0]);
    // Of what is still open on both sides, the earliest deadline stands (the survivor's on a tie).
    const stillSurvivor = survivorOpen.filter((o) => !cancelSurvivor.has(o.obligationId));
    const stillMerged = mergedOpen.filter((o) => !cancelMerged.has(o.obligationId));
    if (stillMerged.length > 0) {
      const kept = earliest([...stillSurvivor, ...stillMerged]);
      for (const o of stillSurvivor) if (o !== kept) cancelSurvivor.set(o.obligationId, kept);
      for (const o of stillMerged) if (o !== kept) cancelMerged.set(o.obligationId, kept);
    }
    carry.push(...[...mergedMet, ...mergedOpen].filter((o) => !cancelMerged.has(o.obligationId)));
  }

  const meta = { causationId: command.mergeEventId, ruleVersion: command.policy.version };
  const cancelled = (
    o: Obligation,
    incidentId: string,
    kept: Obligation,
    otherIncidentId: string,
    grade: Obligation['grade'],
  ): NewEvent => ({
    ...ReportingObligationCancelled.create({
      obligationId: o.obligationId,
      incidentId,
      kind: o.kind,
      reason: 'incident-merged',
      ...(grade ? { grade } : {}),
      keptObligationId: kept.obligationId,
      mergedWithIncidentId: otherIncidentId,
      ruleSetVersion: command.policy.version,
    }),
    metadata: meta,
  });

  const survivorEvents: NewEvent[] = [
    ...carry.map((o) => ({
      ...ReportingObligationTakenOver.create(takenOver(o, merged, command)),
      metadata: meta,
    })),
    ...survivor.obligations
      .filter((o) => cancelSurvivor.has(o.obligationId))
      .map((o) =>
        cancelled(
          o,
          command.survivorIncidentId,
          cancelSurvivor.get(o.obligationId)!,
          command.mergedIncidentId,
          o.grade ?? survivor.grade,
        ),
      ),
  ];
  const mergedEvents: NewEvent[] = [
    ...mergedLive
      .filter((o) => cancelMerged.has(o.obligationId))
      .map((o) =>
        cancelled(
          o,
          command.mergedIncidentId,
          cancelMerged.get(o.obligationId)!,
          command.survivorIncidentId,
          o.grade ?? merged.grade,
        ),
      ),
    ...carry.map((o) => ({
      ...ReportingObligationCarriedOver.create({
        obligationId: o.obligationId,
        incidentId: command.mergedIncidentId,
        kind: o.kind,
        toIncidentId: command.survivorIncidentId,
        reason: 'incident-merged',
      }),
      metadata: meta,
    })),
  ];
  return { survivor: survivorEvents, merged: mergedEvents };
}

/** The obligation as the survivor takes it over: as it stood, with its reports and bulletins. */
function takenOver(
  o: Obligation,
  merged: ReportingState,
  command: MergeCommand,
): EventData<typeof ReportingObligationTakenOver> {
  const reports = merged.reports
    .filter((r) => r.obligationId === o.obligationId)
    .slice(0, 50)
    .map((r) => ({
      reportId: r.reportId,
      kind: r.kind,
      hops: r.hops.slice(0, 20).map((h) => ({ ...h })),
    }));
  const bulletins = merged.bulletins
    .filter((b) => b.obligationId === o.obligationId)
    .slice(0, 20)
    .map(({ obligationId: _of, ...b }) => b);
  return {
    obligationId: o.obligationId,
    incidentId: command.survivorIncidentId,
    fromIncidentId: command.mergedIncidentId,
    reason: 'incident-merged',
    kind: o.kind as ReportKind,
    ...(o.grade ? { grade: o.grade } : {}),
    openedFor: o.reason,
    recipientOrgUnitId: o.recipientOrgUnitId,
    clockBasis: o.clockBasis,
    clockStartedAt: o.clockStartedAt,
    dueAt: o.dueAt,
    reminderLeadMinutes: [...o.reminderLeadMinutes],
    remindedLeadMinutes: [...o.remindedLeads],
    overdue: o.overdue,
    ...(o.sourceItemId ? { sourceItemId: o.sourceItemId } : {}),
    ruleSetVersion: o.ruleSetVersion,
    ...(o.status === 'fulfilled' && o.fulfilledBy && o.fulfilledAt && o.onTime !== undefined
      ? { fulfilment: { reportId: o.fulfilledBy, fulfilledAt: o.fulfilledAt, onTime: o.onTime } }
      : {}),
    reports,
    bulletins,
  };
}
