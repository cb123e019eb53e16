import { REPORT_KINDS, type ReportKind } from '@yuqing/contracts';
import { above, dataOf, instantMs, ofType, within, type Fact } from '../facts';
import { cst, draft, type Detector, type FindingDraft } from './detector';

// 漏报, two ways:
// - an obligation owed (by the grade in force, or a provisional 一级 proposal) that was never met when the handling
//   of the incident was declared complete (处置完毕): the report will not come any more;
// - 上级先于本级发现: an item the unit's own monitoring should have found, transferred down by a higher unit that had
//   captured it, where the grace time had passed at the transfer and the unit had captured nothing of the
//   incident by then.

interface ObligationData {
  obligationId: string;
  incidentId: string;
  kind: string;
}

function kindName(kind: string): string {
  return REPORT_KINDS[kind as ReportKind]?.zh.replace(/ \(.*\)$/, '') ?? kind;
}

function neverMet(facts: readonly Fact[], completed: Fact): FindingDraft[] {
  const before = facts.slice(0, facts.indexOf(completed));
  // In the order recorded: a reopening undoes the cancellation before it, not a fulfilment after it.
  const closedIds = new Set<string>();
  for (const f of before) {
    if (
      f.type === 'reporting.ReportingObligationFulfilled' ||
      f.type === 'reporting.ReportingObligationCancelled' ||
      f.type === 'reporting.ReportingObligationCarriedOver'
    )
      closedIds.add(dataOf<ObligationData>(f).obligationId);
    else if (f.type === 'reporting.ReportingObligationReopened')
      closedIds.delete(dataOf<ObligationData>(f).obligationId);
  }
  const incidentId = dataOf<{ incidentId: string }>(completed).incidentId;
  return ofType(before, 'reporting.ReportingObligationOpened', 'reporting.ReportingObligationTakenOver')
    .filter((f) => {
      const d = dataOf<ObligationData & { fulfilment?: unknown }>(f);
      return d.kind !== 'handling-summary' && !d.fulfilment && !closedIds.has(d.obligationId);
    })
    .map((opened) => {
      const d = dataOf<ObligationData & { dueAt: string }>(opened);
      const overdue = before.find(
        (f) =>
          f.type === 'reporting.ReportOverdue' && dataOf<ObligationData>(f).obligationId === d.obligationId,
      );
      return draft(facts, {
        kind: 'missed-report',
        detector: missedReportDetector.name,
        subject: `obligation:${d.obligationId}`,
        incidentId,
        responsibleOrgUnitId: opened.orgUnit,
        occurredAt: completed.time,
        summary: `${kindName(d.kind)}（时限 ${cst(d.dueAt)}）至处置完毕（${cst(completed.time)}）未报送。`,
        evidence: [opened, overdue, completed],
      });
    });
}

function capturedAt(fact: Fact): number {
  return instantMs(dataOf<{ capturedAt: string }>(fact).capturedAt);
}

function higherFirst(facts: readonly Fact[], transfer: Fact, graceMinutes: number): FindingDraft | undefined {
  const t = dataOf<{ itemId: string; fromOrgUnitId: string; transferredAt: string; url?: string }>(transfer);
  const unit = transfer.orgUnit;
  if (!above(t.fromOrgUnitId, unit)) return undefined;
  // Complete only in the incident's scope, with the unit's own captures of the incident beside it.
  const incident = facts.find(
    (f) =>
      (f.type === 'ingestion.ItemAttachedToIncident' && dataOf<{ itemId: string }>(f).itemId === t.itemId) ||
      (f.type === 'ingestion.IncidentDetected' &&
        dataOf<{ itemIds: string[] }>(f).itemIds.includes(t.itemId)),
  );
  if (!incident) return undefined;
  const upTo = facts;
  const transferred = new Set(
    ofType(upTo, 'ingestion.ItemTransferredIn').map((f) => dataOf<{ itemId: string }>(f).itemId),
  );
  const captures = ofType(upTo, 'ingestion.ItemCaptured');
  // The higher unit's own capture of the same address, when the review has it; else the transfer is the latest
  // moment the higher unit can have found it.
  const higher = captures.find(
    (f) =>
      above(f.orgUnit, unit) &&
      t.url !== undefined &&
      (dataOf<{ canonicalUrl?: string; url?: string }>(f).canonicalUrl === t.url ||
        dataOf<{ url?: string }>(f).url === t.url),
  );
  const foundAt = higher ? capturedAt(higher) : instantMs(t.transferredAt);
  const graceEnds = foundAt + graceMinutes * 60_000;
  if (instantMs(t.transferredAt) < graceEnds) return undefined;
  const own = captures.filter(
    (f) => within(f.orgUnit, unit) && !transferred.has(dataOf<{ itemId: string }>(f).itemId),
  );
  if (own.some((f) => capturedAt(f) <= graceEnds)) return undefined;
  return draft(facts, {
    kind: 'missed-report',
    detector: missedReportDetector.name,
    subject: `higher-first:${t.itemId}`,
    incidentId: dataOf<{ incidentId: string }>(incident).incidentId,
    responsibleOrgUnitId: unit,
    occurredAt: new Date(graceEnds).toISOString(),
    summary: `上级（${t.fromOrgUnitId}）于 ${cst(new Date(foundAt).toISOString())} 先行发现并转办，本级在 ${graceMinutes} 分钟内未监测到。`,
    evidence: [higher, transfer, incident],
  });
}

export const missedReportDetector: Detector = {
  name: 'missed-report@1',
  // A capture too: the higher unit's may be recorded after the transfer it is the evidence for.
  triggers: ['reporting.HandlingCompleted', 'ingestion.ItemTransferredIn', 'ingestion.ItemCaptured'],
  detect(facts, policy) {
    const drafts: FindingDraft[] = [];
    const completed = facts.find((f) => f.type === 'reporting.HandlingCompleted');
    if (completed) drafts.push(...neverMet(facts, completed));
    for (const transfer of ofType(facts, 'ingestion.ItemTransferredIn')) {
      const found = higherFirst(facts, transfer, policy.higherFirstGraceMinutes);
      if (found) drafts.push(found);
    }
    return drafts;
  },
};
