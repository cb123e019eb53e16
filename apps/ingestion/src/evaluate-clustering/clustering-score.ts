/**
 * How well a clustering matches the truth, by the two measures the literature on event detection uses:
 * - pairwise: over every pair of reports, a pair put together that belongs together is a true positive;
 *   precision is the share of pairs put together that belong together, recall the share of pairs that belong
 *   together that were put together.
 * - B-cubed: per report, precision is the share of its cluster that is its event, recall the share of its event
 *   that is in its cluster; both averaged over the reports (a singleton counts, unlike in the pairwise measure).
 */
export interface ClusteringScore {
  readonly clusters: number;
  readonly pairwise: {
    precision: number;
    recall: number;
    f1: number;
    truePairs: number;
    predictedPairs: number;
  };
  readonly bcubed: { precision: number; recall: number; f1: number };
  /** With `explain`: the pairs put together wrongly and the events split apart. */
  readonly errors?: { wronglyMerged: string[][]; split: { event: string; clusters: string[][] }[] };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function groups(labels: ReadonlyMap<string, string>): Map<string, string[]> {
  const byLabel = new Map<string, string[]>();
  for (const [item, label] of labels) {
    const members = byLabel.get(label) ?? [];
    members.push(item);
    byLabel.set(label, members);
  }
  return byLabel;
}

/** Scores `predicted` (report → cluster) against `gold` (report → event); both must name the same reports. */
export function scoreClustering(
  gold: ReadonlyMap<string, string>,
  predicted: ReadonlyMap<string, string>,
  explain = false,
): ClusteringScore {
  const reports = [...gold.keys()];
  for (const report of reports)
    if (!predicted.has(report)) throw new Error(`report ${report} has no predicted cluster`);
  const pairs = (n: number) => (n * (n - 1)) / 2;
  let truePairs = 0;
  let predictedPairs = 0;
  let goldPairs = 0;
  const goldGroups = groups(gold);
  const predictedGroups = groups(new Map(reports.map((r) => [r, predicted.get(r)!])));
  for (const members of goldGroups.values()) goldPairs += pairs(members.length);
  const wronglyMerged: string[][] = [];
  for (const members of predictedGroups.values()) {
    predictedPairs += pairs(members.length);
    const byEvent = groups(new Map(members.map((m) => [m, gold.get(m)!])));
    for (const same of byEvent.values()) truePairs += pairs(same.length);
    if (explain && byEvent.size > 1)
      wronglyMerged.push([...byEvent].map(([e, ms]) => `${e}: ${ms.join(' ')}`));
  }
  let bp = 0;
  let br = 0;
  for (const report of reports) {
    const cluster = predictedGroups.get(predicted.get(report)!)!;
    const event = goldGroups.get(gold.get(report)!)!;
    const both = cluster.filter((r) => gold.get(r) === gold.get(report)).length;
    bp += both / cluster.length;
    br += both / event.length;
  }
  const precision = predictedPairs === 0 ? 1 : truePairs / predictedPairs;
  const recall = goldPairs === 0 ? 1 : truePairs / goldPairs;
  const bcubedP = bp / reports.length;
  const bcubedR = br / reports.length;
  const split = explain
    ? [...goldGroups]
        .map(([event, members]) => ({
          event,
          clusters: [...groups(new Map(members.map((m) => [m, predicted.get(m)!]))).values()],
        }))
        .filter((e) => e.clusters.length > 1)
    : [];
  return {
    clusters: predictedGroups.size,
    pairwise: {
      precision: round(precision),
      recall: round(recall),
      f1: round(f1(precision, recall)),
      truePairs,
      predictedPairs,
    },
    bcubed: { precision: round(bcubedP), recall: round(bcubedR), f1: round(f1(bcubedP, bcubedR)) },
    ...(explain ? { errors: { wronglyMerged, split } } : {}),
  };
}
