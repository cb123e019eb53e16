import type { Fact } from '../facts';
import type { DetectionPolicy } from './detection.policy';
import type { Detector, FindingDraft } from './detector';
import { detect, DETECTORS, findingKey } from './detectors';
import { isStaging } from './scopes';

/** A fact as the review recorded it: in which scope, in which order, by which received event (the batch). */
export interface RecordedFact {
  readonly seq: number;
  readonly scope: string;
  /** The received event whose handling recorded it: detection ran once after each. */
  readonly batch: string;
  readonly fact: Fact;
}

/**
 * Recomputes findings from zero as the service found them live: scope by scope, in the order recorded, detecting
 * after each received event's facts, and keeping each finding as it was first found. Live detection ran on the
 * same prefixes (the scope is locked while a received event is recorded and detected), so this equals what was
 * recorded unless a detector changed, or a recorded finding does not follow from the facts.
 */
export function replayDetection(
  rows: readonly RecordedFact[],
  policy: DetectionPolicy,
  detectors: readonly Detector[] = DETECTORS,
): FindingDraft[] {
  const byScope = new Map<string, RecordedFact[]>();
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (isStaging(row.scope)) continue;
    const list = byScope.get(row.scope) ?? [];
    list.push(row);
    byScope.set(row.scope, list);
  }
  const found = new Map<string, { draft: FindingDraft; seq: number }>();
  for (const scopeRows of byScope.values()) {
    const facts: Fact[] = [];
    let recorded = new Set<string>();
    scopeRows.forEach((row, index) => {
      facts.push(row.fact);
      recorded.add(row.fact.type);
      const next = scopeRows[index + 1];
      if (next && next.batch === row.batch) return;
      const triggered = recorded;
      recorded = new Set<string>();
      for (const draft of detect(facts, policy, detectors, triggered)) {
        const key = findingKey(draft);
        const earlier = found.get(key);
        if (!earlier || earlier.seq > row.seq) found.set(key, { draft, seq: row.seq });
      }
    });
  }
  return [...found.values()].sort((a, b) => a.seq - b.seq).map((entry) => entry.draft);
}
