import type { Fact } from '../facts';
import {
  guidanceNotDoneDetector,
  leakDetector,
  poorHandlingDetector,
  unapprovedReleaseDetector,
} from './conduct.detectors';
import type { DetectionPolicy } from './detection.policy';
import type { Detector, FindingDraft } from './detector';
import { lateReportDetector } from './late-report.detector';
import { missedReportDetector } from './missed-report.detector';
import { reportedFactsDetector } from './reported-facts.detector';

/** The detectors in force, one per finding kind or family; each cites its version in the findings it makes. */
export const DETECTORS: readonly Detector[] = [
  lateReportDetector,
  missedReportDetector,
  reportedFactsDetector,
  unapprovedReleaseDetector,
  leakDetector,
  poorHandlingDetector,
  guidanceNotDoneDetector,
];

/** A finding's identity: one per kind and subject, whichever detector version made it. */
export function findingKey(draft: Pick<FindingDraft, 'kind' | 'subject'>): string {
  return `${draft.kind}|${draft.subject}`;
}

/**
 * Every finding the scope's facts show, once per key (the first detector's). With `recorded` (the types a received
 * event just recorded in the scope), only the detectors it can trigger run.
 */
export function detect(
  facts: readonly Fact[],
  policy: DetectionPolicy,
  detectors = DETECTORS,
  recorded?: ReadonlySet<string>,
): FindingDraft[] {
  const found = new Map<string, FindingDraft>();
  for (const detector of detectors) {
    if (recorded && !detector.triggers.some((type) => recorded.has(type))) continue;
    for (const draft of detector.detect(facts, policy)) {
      const key = findingKey(draft);
      if (!found.has(key)) found.set(key, draft);
    }
  }
  return [...found.values()];
}
