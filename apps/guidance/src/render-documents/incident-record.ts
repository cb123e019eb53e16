import {
  ReleaseApproved,
  ReleasePrepared,
  ReleasePublished,
  ReleaseRefused,
  ResponseArranged,
  ResponseGradeNoted,
  ResponsePlanOpened,
  SpecialTeamNoted,
  WordingApproved,
  WordingDrafted,
  WordingRefused,
  type EventData,
  type Grade,
  type ReleaseApprover,
  type RecordedEvent,
} from '@yuqing/contracts';

// What the documents of an incident's response say, folded from its stream (guidance-response-<incidentId>): the
// grade, the plan, every wording version and every release, and the steps taken in order. Pure; the documents
// read only what they need, so the response's own read models may change without them.

export interface WordingVersion {
  readonly wordingId: string;
  readonly version: number;
  readonly facts: readonly string[];
  readonly figures: readonly { readonly name: string; readonly value: number; readonly unit?: string }[];
  readonly text: string;
  readonly outlet: { readonly name: string; readonly channel: string };
  readonly draftedAt: Date;
  readonly status: 'draft' | 'approved' | 'refused';
  readonly approvedAs?: ReleaseApprover;
  readonly decidedAt?: Date;
}

export interface ReleaseRecord {
  readonly releaseId: string;
  readonly kind: string;
  readonly channel: string;
  readonly text: string;
  readonly wordingId: string;
  readonly wordingVersion: number;
  readonly status: 'prepared' | 'approved' | 'refused' | 'published';
  readonly approvedAs?: ReleaseApprover;
  readonly url?: string;
  readonly publishedAt?: Date;
}

export interface IncidentRecord {
  readonly incidentId: string;
  readonly orgUnit: string;
  readonly grade?: Grade;
  readonly channels: readonly string[];
  readonly firstResponseDueAt?: Date;
  readonly wordings: readonly WordingVersion[];
  readonly releases: readonly ReleaseRecord[];
  /** What was done, in order (处置情况): the time and the step. */
  readonly steps: readonly { readonly at: Date; readonly kind: StepKind; readonly detail?: string }[];
}

export type StepKind =
  | 'plan-opened'
  | 'arranged'
  | 'special-team'
  | 'wording-drafted'
  | 'wording-approved'
  | 'wording-refused'
  | 'release-prepared'
  | 'release-approved'
  | 'release-refused'
  | 'release-published';

interface Mutable {
  incidentId: string;
  orgUnit: string;
  grade?: Grade;
  channels: readonly string[];
  firstResponseDueAt?: Date;
  wordings: WordingVersion[];
  releases: ReleaseRecord[];
  steps: { at: Date; kind: StepKind; detail?: string }[];
}

function replace<T>(list: T[], match: (t: T) => boolean, change: (t: T) => T): void {
  const i = list.findIndex(match);
  if (i >= 0) list[i] = change(list[i] as T);
}

function apply(r: Mutable, event: RecordedEvent): void {
  const at = event.recordedAt;
  switch (event.type) {
    case ResponseGradeNoted.type:
      r.grade = (event.data as EventData<typeof ResponseGradeNoted>).grade;
      return;
    case ResponsePlanOpened.type:
    case ResponseArranged.type: {
      const d = event.data as EventData<typeof ResponsePlanOpened>;
      r.channels = d.channels;
      if (d.firstResponseDueAt) r.firstResponseDueAt = new Date(d.firstResponseDueAt);
      r.steps.push({
        at,
        kind: event.type === ResponsePlanOpened.type ? 'plan-opened' : 'arranged',
        detail: d.channels.join('、'),
      });
      return;
    }
    case SpecialTeamNoted.type:
      r.steps.push({ at, kind: 'special-team' });
      return;
    case WordingDrafted.type: {
      const d = event.data as EventData<typeof WordingDrafted>;
      r.wordings.push({
        wordingId: d.wordingId,
        version: d.version,
        facts: d.facts.map((f) => f.statement),
        figures: d.figures,
        text: d.text,
        outlet: { name: d.outlet.name, channel: d.outlet.channel },
        draftedAt: at,
        status: 'draft',
      });
      r.steps.push({ at, kind: 'wording-drafted', detail: `第${d.version}版` });
      return;
    }
    case WordingApproved.type: {
      const d = event.data as EventData<typeof WordingApproved>;
      const same = (w: WordingVersion) => w.wordingId === d.wordingId && w.version === d.version;
      replace(r.wordings, same, (w) => ({
        ...w,
        status: 'approved' as const,
        approvedAs: d.approvedAs,
        decidedAt: at,
      }));
      r.steps.push({ at, kind: 'wording-approved', detail: `第${d.version}版` });
      return;
    }
    case WordingRefused.type: {
      const d = event.data as EventData<typeof WordingRefused>;
      const same = (w: WordingVersion) => w.wordingId === d.wordingId && w.version === d.version;
      replace(r.wordings, same, (w) => ({ ...w, status: 'refused' as const, decidedAt: at }));
      r.steps.push({ at, kind: 'wording-refused', detail: `第${d.version}版` });
      return;
    }
    case ReleasePrepared.type: {
      const d = event.data as EventData<typeof ReleasePrepared>;
      r.releases.push({
        releaseId: d.releaseId,
        kind: d.kind,
        channel: d.channel,
        text: d.text,
        wordingId: d.wordingId,
        wordingVersion: d.wordingVersion,
        status: 'prepared',
      });
      r.steps.push({ at, kind: 'release-prepared', detail: d.channel });
      return;
    }
    case ReleaseApproved.type: {
      const d = event.data as EventData<typeof ReleaseApproved>;
      const channel = r.releases.find((x) => x.releaseId === d.releaseId)?.channel;
      replace(
        r.releases,
        (x) => x.releaseId === d.releaseId,
        (x) => ({ ...x, status: 'approved' as const, approvedAs: d.approvedAs }),
      );
      r.steps.push({ at, kind: 'release-approved', ...(channel ? { detail: channel } : {}) });
      return;
    }
    case ReleaseRefused.type: {
      const d = event.data as EventData<typeof ReleaseRefused>;
      replace(
        r.releases,
        (x) => x.releaseId === d.releaseId,
        (x) => ({ ...x, status: 'refused' as const }),
      );
      r.steps.push({ at, kind: 'release-refused', detail: d.reason });
      return;
    }
    case ReleasePublished.type: {
      const d = event.data as EventData<typeof ReleasePublished>;
      replace(
        r.releases,
        (x) => x.releaseId === d.releaseId,
        (x) => ({
          ...x,
          status: 'published' as const,
          url: d.url,
          publishedAt: new Date(d.publishedAt),
          text: d.text,
        }),
      );
      r.steps.push({ at: new Date(d.publishedAt), kind: 'release-published', detail: d.channel });
      return;
    }
    default:
      return;
  }
}

/** The incident's response as its documents tell it; undefined when the stream holds nothing. */
export function foldIncident(
  incidentId: string,
  events: readonly RecordedEvent[],
): IncidentRecord | undefined {
  const first = events[0];
  if (!first) return undefined;
  const record: Mutable = {
    incidentId,
    orgUnit: first.metadata.orgUnit,
    channels: [],
    wordings: [],
    releases: [],
    steps: [],
  };
  for (const event of events) apply(record, event);
  record.steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  return record;
}

/** The approved version a press release is made from: the one asked for, else the latest approved. */
export function approvedWording(
  record: IncidentRecord,
  wanted?: { readonly wordingId?: string; readonly version?: number },
): WordingVersion | undefined {
  const approved = record.wordings.filter(
    (w) =>
      w.status === 'approved' &&
      (wanted?.wordingId === undefined || w.wordingId === wanted.wordingId) &&
      (wanted?.version === undefined || w.version === wanted.version),
  );
  return approved.sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))[0];
}
