import {
  FirstResponseDeadlineChanged,
  FirstResponseOverdue,
  FirstResponseReminderDue,
  NotFoundError,
  NotPermittedError,
  ReleaseApprovalRequirementChanged,
  ReleaseApproved,
  ReleaseAuthorityGranted,
  ReleasePrepared,
  ReleasePublicationRefused,
  ReleasePublished,
  ReleaseRefused,
  refuse,
  ResponseArranged,
  ResponseArrangementGapRecorded,
  ResponseGradeNoted,
  ResponsePlanOpened,
  SpecialTeamNoted,
  WordingApproved,
  WordingDrafted,
  WordingRefused,
  optional,
  type EventData,
  type Grade,
  type GradeLevel,
  type NewEvent,
  type ReleaseApprover,
  type ReleaseKind,
} from '@yuqing/contracts';
import { durationMs, type GuidancePolicy } from './response.policy';

// One incident's response (stream guidance-response-<incidentId>): the grade in force as grading decided it, the
// response plan opened with the handling plan (三同步), the wording in versions and the releases. Refusals are
// domain rules (HTTP 422 with the rule and the field at fault); an approver the grade does not name is a 403
// (NotPermittedError). Nothing here reads a clock or mints an id.

type Figure = EventData<typeof WordingDrafted>['figures'][number];

interface WordingVersion {
  readonly version: number;
  readonly figures: readonly Figure[];
  readonly statesCause: boolean;
  readonly characterises: boolean;
  readonly status: 'draft' | 'approved' | 'refused';
}

interface Release {
  readonly releaseId: string;
  readonly kind: ReleaseKind;
  readonly channel: string;
  readonly text: string;
  readonly wordingId: string;
  readonly wordingVersion: number;
  readonly status: 'prepared' | 'approved' | 'refused' | 'published';
}

export interface ResponseState {
  readonly incidentId?: string;
  /** The incident's unit (the envelope's org unit of the stream's events). */
  readonly orgUnit?: string;
  readonly grade?: Grade;
  readonly planOpened: boolean;
  readonly authority?: {
    readonly releaseApprover: ReleaseApprover;
    readonly releaseApproverOrgUnitId?: string;
  };
  readonly specialTeam?: { readonly leaderUserId: string; readonly memberUserIds: readonly string[] };
  /** The handling plan the response plan was opened with (grading's), when one. */
  readonly planId?: string;
  /** The policy version the plan was opened under (a deadline arranged by hand follows it). */
  readonly planRuleSetVersion?: string;
  /** Who drafts the wording, as the plan (or the office's arrangement) names it. */
  readonly drafter?: { readonly orgUnitId: string; readonly roles: readonly string[] };
  /** The first public response's deadline while the plan has one (速报事实), and what the watcher said of it. */
  readonly firstResponse?: {
    readonly dueAt: string;
    readonly remindAt?: string;
    /** The policy version the deadline follows. */
    readonly ruleSetVersion: string;
    readonly reminded: boolean;
    readonly overdue: boolean;
  };
  /** A release of the incident was published: the first response is made. */
  readonly published: boolean;
  /** Grading events already acted on: a redelivered or replayed one decides nothing again. */
  readonly seen: readonly string[];
  readonly wordings: Readonly<Record<string, readonly WordingVersion[]>>;
  readonly releases: Readonly<Record<string, Release>>;
}

/** Who asks to approve: the user, and the grants that carry the approve permission (role in unit). */
export interface Approver {
  readonly userId: string;
  readonly grants: readonly { readonly role: string; readonly orgUnit: string }[];
}

/** Who asks to draft: the user, and the grants that carry the draft permission (role in unit). */
export type Drafter = Approver;

interface FromGrading {
  readonly incidentId: string;
  /** The incident's unit, as grading's event says it. */
  readonly orgUnit: string;
  readonly eventId: string;
  /** When grading recorded it: the first-response clock starts there. */
  readonly at: string;
  readonly policy: GuidancePolicy;
}

export type ResponseCommand =
  | ({
      readonly kind: 'note-grade';
      readonly grade: Grade;
      readonly gradedBy: 'confirmed' | 'overridden' | 'escalated' | 'downgraded';
    } & FromGrading)
  | ({
      readonly kind: 'adopt-plan';
      readonly planId: string;
      readonly releaseApprover: ReleaseApprover;
      readonly releaseApproverOrgUnitId?: string;
    } & FromGrading)
  | ({
      readonly kind: 'form-team';
      readonly teamId: string;
      readonly leaderUserId: string;
      readonly memberUserIds: readonly string[];
    } & FromGrading)
  | {
      readonly kind: 'arrange';
      readonly incidentId: string;
      readonly orgUnit: string;
      /** When it is arranged: a deadline set by hand is reminded of a share of the time left from here. */
      readonly at: string;
      readonly drafterRoles: readonly string[];
      readonly channels: readonly string[];
      readonly firstResponseDueAt?: string;
      readonly reason?: string;
      readonly policy: GuidancePolicy;
    }
  | ({
      readonly kind: 'draft-wording';
      readonly incidentId: string;
      readonly wordingId: string;
      /** A revision of an existing wording, or a new one. */
      readonly revision: boolean;
      /**
       * Who drafts: a person, checked against the plan's drafter roles (三同步), or `service` for the platform
       * drafting on its own account (demo loaders), which no role describes.
       */
      readonly drafter: Drafter | 'service';
    } & Omit<EventData<typeof WordingDrafted>, 'incidentId' | 'wordingId' | 'version'>)
  | {
      readonly kind: 'decide-wording';
      readonly wordingId: string;
      readonly version: number;
      readonly decision: 'approve' | 'refuse';
      readonly assentToCause?: boolean;
      readonly assentToCharacterisation?: boolean;
      readonly reason?: string;
      readonly approver: Approver;
      readonly policy: GuidancePolicy;
    }
  | {
      readonly kind: 'prepare-release';
      readonly releaseId: string;
      readonly release: Omit<
        EventData<typeof ReleasePrepared>,
        'incidentId' | 'releaseId' | 'requiredApprovers'
      >;
      readonly policy: GuidancePolicy;
    }
  | {
      readonly kind: 'decide-release';
      readonly releaseId: string;
      readonly decision: 'approve' | 'refuse';
      readonly reason?: string;
      readonly approver: Approver;
      readonly policy: GuidancePolicy;
    }
  | {
      readonly kind: 'publish-release';
      readonly releaseId: string;
      readonly url: string;
      readonly publishedAt: string;
    }
  /** The deadline watcher asks what is due at `now` (an ISO instant): the first response's reminder or overdue. */
  | { readonly kind: 'fire-due'; readonly now: string };

export function initialResponseState(): ResponseState {
  return { planOpened: false, published: false, seen: [], wordings: {}, releases: {} };
}

function withRelease(state: ResponseState, releaseId: string, change: Partial<Release>): ResponseState {
  const release = state.releases[releaseId];
  if (!release) return state;
  return { ...state, releases: { ...state.releases, [releaseId]: { ...release, ...change } } };
}

function withVersion(
  state: ResponseState,
  wordingId: string,
  version: number,
  status: WordingVersion['status'],
): ResponseState {
  const versions = (state.wordings[wordingId] ?? []).map((v) =>
    v.version === version ? { ...v, status } : v,
  );
  return { ...state, wordings: { ...state.wordings, [wordingId]: versions } };
}

/** Folds one event of the stream into the state (recorded events, or new ones in specs). */
export function evolveResponse(
  state: ResponseState,
  event: { readonly type: string; readonly data: unknown; readonly metadata?: { readonly orgUnit?: string } },
): ResponseState {
  const base: ResponseState = {
    ...state,
    ...(state.orgUnit === undefined && event.metadata?.orgUnit ? { orgUnit: event.metadata.orgUnit } : {}),
    ...(state.incidentId === undefined
      ? { incidentId: (event.data as { incidentId: string }).incidentId }
      : {}),
  };
  switch (event.type) {
    case ResponseGradeNoted.type: {
      const data = event.data as EventData<typeof ResponseGradeNoted>;
      return { ...base, grade: data.grade, seen: [...base.seen, data.gradeEventId] };
    }
    case ResponsePlanOpened.type: {
      const data = event.data as EventData<typeof ResponsePlanOpened>;
      return {
        ...base,
        planOpened: true,
        planRuleSetVersion: data.ruleSetVersion,
        drafter: data.drafter,
        ...(data.firstResponseDueAt
          ? {
              firstResponse: {
                dueAt: data.firstResponseDueAt,
                ...optional('remindAt', data.firstResponseRemindAt),
                ruleSetVersion: data.ruleSetVersion,
                reminded: false,
                overdue: false,
              },
            }
          : {}),
      };
    }
    case ResponseArranged.type: {
      const data = event.data as EventData<typeof ResponseArranged>;
      const kept = base.firstResponse;
      return {
        ...base,
        drafter: data.drafter,
        ...(data.firstResponseDueAt
          ? {
              firstResponse: {
                dueAt: data.firstResponseDueAt,
                ...optional('remindAt', data.firstResponseRemindAt),
                ruleSetVersion: kept?.ruleSetVersion ?? base.planRuleSetVersion ?? 'unknown',
                reminded: false,
                overdue: kept?.overdue ?? false,
              },
            }
          : {}),
      };
    }
    case FirstResponseDeadlineChanged.type: {
      const data = event.data as EventData<typeof FirstResponseDeadlineChanged>;
      return {
        ...base,
        firstResponse: {
          dueAt: data.dueAt,
          ...optional('remindAt', data.remindAt),
          ruleSetVersion: data.ruleSetVersion,
          reminded: false,
          overdue: base.firstResponse?.overdue ?? false,
        },
      };
    }
    case FirstResponseReminderDue.type:
      return base.firstResponse
        ? { ...base, firstResponse: { ...base.firstResponse, reminded: true } }
        : base;
    case FirstResponseOverdue.type:
      return base.firstResponse ? { ...base, firstResponse: { ...base.firstResponse, overdue: true } } : base;
    case ReleaseAuthorityGranted.type: {
      const data = event.data as EventData<typeof ReleaseAuthorityGranted>;
      return {
        ...base,
        authority: {
          releaseApprover: data.releaseApprover,
          ...optional('releaseApproverOrgUnitId', data.releaseApproverOrgUnitId),
        },
        planId: base.planId ?? data.planId,
        seen: [...base.seen, data.planEventId],
      };
    }
    case SpecialTeamNoted.type: {
      const data = event.data as EventData<typeof SpecialTeamNoted>;
      return {
        ...base,
        specialTeam: { leaderUserId: data.leaderUserId, memberUserIds: data.memberUserIds },
        seen: [...base.seen, data.teamEventId],
      };
    }
    case WordingDrafted.type: {
      const data = event.data as EventData<typeof WordingDrafted>;
      const version: WordingVersion = {
        version: data.version,
        figures: data.figures,
        statesCause: data.statesCause,
        characterises: data.characterises,
        status: 'draft',
      };
      const versions = [...(base.wordings[data.wordingId] ?? []), version];
      return { ...base, wordings: { ...base.wordings, [data.wordingId]: versions } };
    }
    case WordingApproved.type: {
      const data = event.data as EventData<typeof WordingApproved>;
      return withVersion(base, data.wordingId, data.version, 'approved');
    }
    case WordingRefused.type: {
      const data = event.data as EventData<typeof WordingRefused>;
      return withVersion(base, data.wordingId, data.version, 'refused');
    }
    case ReleasePrepared.type: {
      const data = event.data as EventData<typeof ReleasePrepared>;
      const release: Release = {
        releaseId: data.releaseId,
        kind: data.kind,
        channel: data.channel,
        text: data.text,
        wordingId: data.wordingId,
        wordingVersion: data.wordingVersion,
        status: 'prepared',
      };
      return { ...base, releases: { ...base.releases, [data.releaseId]: release } };
    }
    case ReleaseApproved.type:
      return withRelease(base, (event.data as EventData<typeof ReleaseApproved>).releaseId, {
        status: 'approved',
      });
    case ReleaseRefused.type:
      return withRelease(base, (event.data as EventData<typeof ReleaseRefused>).releaseId, {
        status: 'refused',
      });
    case ReleasePublished.type:
      return {
        ...withRelease(base, (event.data as EventData<typeof ReleasePublished>).releaseId, {
          status: 'published',
        }),
        published: true,
      };
    default:
      return base;
  }
}

/** Whether `unit` is `grantUnit` or below it in the org tree (a grant reaches its unit and everything under it). */
function reaches(grantUnit: string, unit: string): boolean {
  return unit === grantUnit || unit.startsWith(`${grantUnit}.`);
}

/**
 * Who may approve releases now (第二十一条): the approvers of the grade in force, the special team only once one was
 * formed, the city bureau department only where the plan named it (商请市局有关部门).
 */
export function requiredApprovers(state: ResponseState, policy: GuidancePolicy): ReleaseApprover[] {
  if (!state.grade) return [];
  return policy.approversByLevel[state.grade.level].filter((kind) => {
    if (kind === 'special-team') return state.specialTeam !== undefined;
    if (kind === 'city-bureau-department')
      return (
        state.authority?.releaseApprover === 'city-bureau-department' &&
        state.authority.releaseApproverOrgUnitId !== undefined
      );
    return true;
  });
}

/** The approver kind the caller stands for at the grade in force; a 403 when none (nothing is appended). */
function approvedAs(state: ResponseState, approver: Approver, policy: GuidancePolicy): ReleaseApprover {
  const level = gradeLevelOf(state);
  const kinds = requiredApprovers(state, policy);
  const orgUnit = state.orgUnit ?? '';
  for (const kind of kinds) {
    if (kind === 'special-team') {
      const team = state.specialTeam;
      if (team && (team.leaderUserId === approver.userId || team.memberUserIds.includes(approver.userId)))
        return kind;
      continue;
    }
    const where =
      kind === 'city-bureau-department' ? (state.authority?.releaseApproverOrgUnitId ?? '') : orgUnit;
    const roles = policy.approverRoles[kind];
    if (approver.grants.some((g) => roles.includes(g.role) && reaches(g.orgUnit, where))) return kind;
  }
  throw new NotPermittedError(
    'guidance.approver-not-permitted',
    `a ${level} release of this incident is approved by ${kinds.join(' or ') || 'nobody yet'} (第二十一条); ` +
      'your grants do not stand for any of them here',
  );
}

function gradeLevelOf(state: ResponseState): GradeLevel {
  if (!state.grade)
    refuse(
      'guidance.no-grade-in-force',
      'the incident has no grade in force yet: nobody can approve its releases',
    );
  return state.grade.level;
}

function firstResponseDue(
  at: string,
  level: GradeLevel | undefined,
  policy: GuidancePolicy,
): string | undefined {
  if (!level) return undefined;
  return new Date(Date.parse(at) + durationMs(policy.firstResponseWithin[level])).toISOString();
}

/** The reminder of a deadline set at `from`: when the policy's share of the window is left; none for no window. */
function reminderOf(from: string, dueAt: string, policy: GuidancePolicy): string | undefined {
  const start = Date.parse(from);
  const due = Date.parse(dueAt);
  if (!(due > start)) return undefined;
  return new Date(due - Math.round((due - start) * policy.firstResponseReminderShare)).toISOString();
}

/**
 * A grade put in force while the plan waits for its first response: it sets the deadline the plan lacked (opened
 * before any grade), or brings it forward when the new grade's window, counted from this grade, ends earlier (升级).
 * The earlier deadline always wins: a downgrade never gives more time.
 */
function deadlineOnGrade(
  state: ResponseState,
  command: Extract<ResponseCommand, { kind: 'note-grade' }>,
): NewEvent[] {
  const current = state.firstResponse;
  if (!state.planOpened || state.published || current?.overdue) return [];
  const { policy } = command;
  const dueAt = firstResponseDue(command.at, command.grade.level, policy)!;
  if (current && Date.parse(dueAt) >= Date.parse(current.dueAt)) return [];
  return [
    FirstResponseDeadlineChanged.create({
      incidentId: command.incidentId,
      dueAt,
      ...optional('planId', state.planId),
      level: command.grade.level,
      ...optional('remindAt', reminderOf(command.at, dueAt, policy)),
      ...optional('previousDueAt', current?.dueAt),
      gradeEventId: command.eventId,
      ruleSetVersion: policy.version,
    }),
  ];
}

/** What the watcher finds due at `now`: the reminder once its time came (before the deadline), then the overdue. */
function firstResponseWakeUp(state: ResponseState, now: number): NewEvent[] {
  const deadline = state.firstResponse;
  if (!deadline || state.published || deadline.overdue || !state.incidentId) return [];
  const about = {
    incidentId: state.incidentId,
    dueAt: deadline.dueAt,
    ...optional('planId', state.planId),
    ...optional('level', state.grade?.level),
  };
  const due = Date.parse(deadline.dueAt);
  if (due <= now) return [FirstResponseOverdue.create({ ...about, ruleSetVersion: deadline.ruleSetVersion })];
  if (deadline.reminded || deadline.remindAt === undefined || Date.parse(deadline.remindAt) > now) return [];
  return [FirstResponseReminderDue.create({ ...about, minutesRemaining: Math.floor((due - now) / 60_000) })];
}

/**
 * 三同步: the wording is drafted by whom the plan names. A plan that names drafter roles admits a drafter with one of
 * them at or above the plan's unit, and the members of the incident's special team (第十七条: the team handles a
 * 一级 incident); anyone else is a 403, nothing appended.
 */
function mustDraft(state: ResponseState, drafter: Drafter | 'service'): void {
  const named = state.drafter;
  if (drafter === 'service' || !named || named.roles.length === 0) return;
  const team = state.specialTeam;
  if (team && (team.leaderUserId === drafter.userId || team.memberUserIds.includes(drafter.userId))) return;
  if (drafter.grants.some((g) => named.roles.includes(g.role) && reaches(g.orgUnit, named.orgUnitId))) return;
  throw new NotPermittedError(
    'guidance.drafter-not-permitted',
    `the response plan has its wording drafted by ${named.roles.join(' or ')} at or above ${named.orgUnitId} ` +
      '(三同步); your grants are none of them there',
  );
}

/** Opens the plan with the policy's drafter and channels if no plan is open yet (三同步: at the same moment). */
function openPlanIfNone(
  state: ResponseState,
  command: FromGrading & { readonly kind: 'adopt-plan' | 'form-team' },
): NewEvent[] {
  if (state.planOpened) return [];
  const { policy } = command;
  const due = firstResponseDue(command.at, state.grade?.level, policy);
  const remind = due ? reminderOf(command.at, due, policy) : undefined;
  return [
    ResponsePlanOpened.create({
      incidentId: command.incidentId,
      openedBy: {
        kind: command.kind === 'adopt-plan' ? 'handling-plan' : 'special-team',
        eventId: command.eventId,
      },
      ...optional('level', state.grade?.level),
      drafter: { orgUnitId: state.orgUnit ?? command.orgUnit, roles: [...policy.drafterRoles] },
      channels: [...policy.channels],
      ...optional('firstResponseDueAt', due),
      ...optional('firstResponseRemindAt', remind),
      ruleSetVersion: policy.version,
    }),
  ];
}

/** A plan whose release arrangement is missing or does not fit the grade in force is a gap, not accepted silently. */
function gapsOf(state: ResponseState, command: Extract<ResponseCommand, { kind: 'adopt-plan' }>): NewEvent[] {
  const { policy } = command;
  const gap = (kind: EventData<typeof ResponseArrangementGapRecorded>['gap'], detail: string): NewEvent =>
    ResponseArrangementGapRecorded.create({
      incidentId: command.incidentId,
      gap: kind,
      detail,
      ...optional('level', state.grade?.level),
      releaseApprover: command.releaseApprover,
      causeEventId: command.eventId,
      ruleSetVersion: policy.version,
    });
  const gaps: NewEvent[] = [];
  if (!state.grade) {
    gaps.push(
      gap('no-grade-in-force', 'the handling plan arrived before any grade in force: approvers unknown'),
    );
  } else if (!policy.approversByLevel[state.grade.level].includes(command.releaseApprover)) {
    gaps.push(
      gap(
        'approver-does-not-fit-grade',
        `the plan names ${command.releaseApprover}; a ${state.grade.level} release is approved by ` +
          `${policy.approversByLevel[state.grade.level].join(' or ')} (第二十一条)`,
      ),
    );
  }
  if (command.releaseApprover === 'city-bureau-department' && !command.releaseApproverOrgUnitId)
    gaps.push(gap('city-bureau-department-unnamed', 'the plan names the city bureau but not its department'));
  if (command.releaseApprover === 'special-team' && !state.specialTeam)
    gaps.push(gap('special-team-not-formed', 'the plan names the special team, but none was formed yet'));
  return gaps;
}

function sameFigures(cited: readonly Figure[], stated: readonly Figure[]): void {
  if (cited.length !== stated.length)
    refuse(
      'guidance.figures-differ',
      `the approved version states ${cited.length} figures; the release states ${stated.length} (统一数据)`,
      'figures',
    );
  cited.forEach((figure, i) => {
    const other = stated[i];
    for (const field of ['name', 'value', 'unit'] as const) {
      if (figure[field] !== other?.[field])
        refuse(
          'guidance.figures-differ',
          `figure ${i + 1} differs from the approved version: ${String(figure[field] ?? '(none)')} there (统一数据)`,
          `figures.${i}.${field}`,
        );
    }
  });
}

function latestVersion(state: ResponseState, wordingId: string): number {
  const versions = state.wordings[wordingId] ?? [];
  return versions[versions.length - 1]?.version ?? 0;
}

export function decideResponse(command: ResponseCommand, state: ResponseState): NewEvent[] {
  switch (command.kind) {
    case 'note-grade': {
      if (state.seen.includes(command.eventId)) return [];
      const before = state.grade
        ? { level: state.grade.level, approvers: requiredApprovers(state, command.policy) }
        : undefined;
      const noted = ResponseGradeNoted.create({
        incidentId: command.incidentId,
        grade: command.grade,
        gradedBy: command.gradedBy,
        gradeEventId: command.eventId,
      });
      const after = requiredApprovers(evolveResponse(state, noted), command.policy);
      const waiting = Object.values(state.releases)
        .filter((r) => r.status === 'prepared')
        .map((r) => r.releaseId);
      const changed =
        before !== undefined &&
        (before.level !== command.grade.level || before.approvers.join() !== after.join());
      const deadline = deadlineOnGrade(state, command);
      if (!changed || waiting.length === 0) return [noted, ...deadline];
      return [
        noted,
        ...deadline,
        ReleaseApprovalRequirementChanged.create({
          incidentId: command.incidentId,
          releaseIds: waiting,
          from: before,
          to: { level: command.grade.level, approvers: after },
          gradeEventId: command.eventId,
          ruleSetVersion: command.policy.version,
        }),
      ];
    }
    case 'adopt-plan': {
      if (state.seen.includes(command.eventId)) return [];
      return [
        ...openPlanIfNone(state, command),
        ReleaseAuthorityGranted.create({
          incidentId: command.incidentId,
          planId: command.planId,
          planEventId: command.eventId,
          releaseApprover: command.releaseApprover,
          ...optional('releaseApproverOrgUnitId', command.releaseApproverOrgUnitId),
        }),
        ...gapsOf(state, command),
      ];
    }
    case 'form-team': {
      if (state.seen.includes(command.eventId)) return [];
      return [
        ...openPlanIfNone(state, command),
        SpecialTeamNoted.create({
          incidentId: command.incidentId,
          teamId: command.teamId,
          teamEventId: command.eventId,
          leaderUserId: command.leaderUserId,
          memberUserIds: [...command.memberUserIds],
        }),
      ];
    }
    case 'arrange': {
      if (state.orgUnit !== undefined && state.orgUnit !== command.orgUnit)
        refuse('guidance.org-unit-mismatch', `the incident belongs to ${state.orgUnit}`, 'orgUnit');
      const drafter = { orgUnitId: command.orgUnit, roles: [...command.drafterRoles] };
      const remindAt = command.firstResponseDueAt
        ? reminderOf(command.at, command.firstResponseDueAt, command.policy)
        : undefined;
      if (state.planOpened)
        return [
          ResponseArranged.create({
            incidentId: command.incidentId,
            drafter,
            channels: [...command.channels],
            ...optional('firstResponseDueAt', command.firstResponseDueAt),
            ...optional('firstResponseRemindAt', remindAt),
            ...optional('reason', command.reason),
          }),
        ];
      return [
        ResponsePlanOpened.create({
          incidentId: command.incidentId,
          openedBy: { kind: 'arrangement' },
          ...optional('level', state.grade?.level),
          drafter,
          channels: [...command.channels],
          ...optional('firstResponseDueAt', command.firstResponseDueAt),
          ...optional('firstResponseRemindAt', remindAt),
          ruleSetVersion: command.policy.version,
        }),
      ];
    }
    case 'draft-wording': {
      if (!state.orgUnit) throw new NotFoundError(`no response for incident ${command.incidentId}`);
      mustDraft(state, command.drafter);
      const { kind: _kind, revision, incidentId, wordingId, drafter: _drafter, ...draft } = command;
      const latest = latestVersion(state, wordingId);
      if (revision && latest === 0) throw new NotFoundError(`wording ${wordingId} not found`);
      return [WordingDrafted.create({ incidentId, wordingId, version: latest + 1, ...draft })];
    }
    case 'decide-wording': {
      const versions = state.wordings[command.wordingId];
      if (!versions) throw new NotFoundError(`wording ${command.wordingId} not found`);
      const version = versions.find((v) => v.version === command.version);
      if (!version)
        refuse('guidance.wording-version-unknown', `wording has no version ${command.version}`, 'version');
      if (version.status !== 'draft')
        refuse(
          'guidance.wording-decided',
          `version ${command.version} was ${version.status} already`,
          'version',
        );
      if (latestVersion(state, command.wordingId) > command.version)
        refuse(
          'guidance.wording-superseded',
          `version ${command.version} is superseded by version ${latestVersion(state, command.wordingId)}`,
          'version',
        );
      const level = gradeLevelOf(state);
      const as = approvedAs(state, command.approver, command.policy);
      const incidentId = state.incidentId ?? '';
      if (command.decision === 'refuse') {
        if (!command.reason) refuse('guidance.reason-required', 'say why the wording is refused', 'reason');
        return [
          WordingRefused.create({
            incidentId,
            wordingId: command.wordingId,
            version: command.version,
            refusedAs: as,
            reason: command.reason,
          }),
        ];
      }
      // 慎报原因、谨慎定性: a version that states a cause or characterises needs the approver's explicit assent.
      if (version.statesCause && command.assentToCause !== true)
        refuse(
          'guidance.assent-to-cause-required',
          'this version states a cause (慎报原因): approve it only with explicit assent to the cause',
          'assentToCause',
        );
      if (version.characterises && command.assentToCharacterisation !== true)
        refuse(
          'guidance.assent-to-characterisation-required',
          'this version characterises the incident (谨慎定性): approve it only with explicit assent',
          'assentToCharacterisation',
        );
      return [
        WordingApproved.create({
          incidentId,
          wordingId: command.wordingId,
          version: command.version,
          approvedAs: as,
          level,
          ...(version.statesCause ? { assentToCause: true as const } : {}),
          ...(version.characterises ? { assentToCharacterisation: true as const } : {}),
          ruleSetVersion: command.policy.version,
        }),
      ];
    }
    case 'prepare-release': {
      if (!state.orgUnit || !state.incidentId) throw new NotFoundError('no response for this incident');
      const { release } = command;
      const versions = state.wordings[release.wordingId];
      if (!versions) refuse('guidance.wording-unknown', `no wording ${release.wordingId}`, 'wordingId');
      const cited = versions.find((v) => v.version === release.wordingVersion);
      if (!cited)
        refuse('guidance.wording-version-unknown', `no version ${release.wordingVersion}`, 'wordingVersion');
      const latest = latestVersion(state, release.wordingId);
      if (latest > release.wordingVersion)
        refuse(
          'guidance.wording-superseded',
          `version ${release.wordingVersion} is superseded by version ${latest}: cite the current wording`,
          'wordingVersion',
        );
      if (cited.status !== 'approved')
        refuse(
          'guidance.wording-not-approved',
          `version ${release.wordingVersion} is not approved (${cited.status})`,
          'wordingVersion',
        );
      sameFigures(cited.figures, release.figures);
      if (release.kind === 'progress-explanation' && !release.whyNotYetResolved)
        refuse(
          'guidance.why-not-yet-resolved-required',
          'a progress explanation says why the matter cannot be resolved soon (篇一二(四))',
          'whyNotYetResolved',
        );
      gradeLevelOf(state);
      return [
        ReleasePrepared.create({
          incidentId: state.incidentId,
          releaseId: command.releaseId,
          ...release,
          requiredApprovers: requiredApprovers(state, command.policy),
        }),
      ];
    }
    case 'decide-release': {
      const release = state.releases[command.releaseId];
      if (!release) throw new NotFoundError(`release ${command.releaseId} not found`);
      if (release.status !== 'prepared')
        refuse('guidance.release-decided', `the release was ${release.status} already`);
      const level = gradeLevelOf(state);
      const as = approvedAs(state, command.approver, command.policy);
      const incidentId = state.incidentId ?? '';
      if (command.decision === 'refuse') {
        if (!command.reason) refuse('guidance.reason-required', 'say why the release is refused', 'reason');
        return [
          ReleaseRefused.create({
            incidentId,
            releaseId: command.releaseId,
            refusedAs: as,
            reason: command.reason,
          }),
        ];
      }
      if (latestVersion(state, release.wordingId) > release.wordingVersion)
        refuse(
          'guidance.wording-superseded',
          `the release cites version ${release.wordingVersion}, superseded since: prepare it again`,
          'wordingVersion',
        );
      return [
        ReleaseApproved.create({
          incidentId,
          releaseId: command.releaseId,
          approvedAs: as,
          level,
          ruleSetVersion: command.policy.version,
        }),
      ];
    }
    case 'publish-release': {
      const release = state.releases[command.releaseId];
      if (!release) throw new NotFoundError(`release ${command.releaseId} not found`);
      if (release.status === 'published')
        refuse('guidance.release-published', 'the release was published already');
      // Publishing without approval is a disciplinary matter (第二十八条): the attempt is recorded, not only refused.
      const refused = (rule: string, reason: string, field?: string): NewEvent[] => [
        ReleasePublicationRefused.create({
          incidentId: state.incidentId ?? '',
          releaseId: release.releaseId,
          rule,
          reason,
          ...optional('field', field),
          url: command.url,
        }),
      ];
      if (release.status !== 'approved')
        return refused(
          'guidance.release-not-approved',
          `the release is ${release.status}: only an approved release is published (第二十一条, 第二十八条)`,
        );
      if (latestVersion(state, release.wordingId) > release.wordingVersion)
        return refused(
          'guidance.wording-superseded',
          `the release cites version ${release.wordingVersion}, superseded since: prepare it again`,
          'wordingVersion',
        );
      return [
        ReleasePublished.create({
          incidentId: state.incidentId ?? '',
          releaseId: release.releaseId,
          kind: release.kind,
          channel: release.channel,
          url: command.url,
          publishedAt: command.publishedAt,
          text: release.text,
          wordingId: release.wordingId,
          wordingVersion: release.wordingVersion,
        }),
      ];
    }
    case 'fire-due':
      return firstResponseWakeUp(state, Date.parse(command.now));
  }
}

/**
 * The refusal a decision recorded instead of acting (a publication refused), for the caller to answer with a 422
 * once it is committed; undefined when the decision acted.
 */
export function recordedRefusal(
  events: readonly { readonly type: string; readonly data: unknown }[],
): { readonly rule: string; readonly reason: string; readonly field?: string } | undefined {
  const refusal = events.find((e) => e.type === ReleasePublicationRefused.type);
  if (!refusal) return undefined;
  const { rule, reason, field } = refusal.data as EventData<typeof ReleasePublicationRefused>;
  return { rule, reason, ...optional('field', field) };
}

/** The decider the command and inbox handlers run (load, decide, append). */
export const responseDecider = {
  initialState: initialResponseState,
  evolve: evolveResponse,
  decide: decideResponse,
};
