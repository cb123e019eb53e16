import {
  BulletinLeftUnsigned,
  BulletinSignedOff,
  BulletinSubmitted,
  DirectHandlingAssigned,
  optional,
  refuse,
  reportingStreams,
  FlashReportSent,
  FollowUpTaskOpened,
  gradeSeverity,
  HandlingResultReported,
  ReportForwarded,
  ReportingObligationCancelled,
  ReportingObligationConfirmed,
  ReportingObligationFulfilled,
  ReportingObligationOpened,
  ReportingObligationReopened,
  ReportOverdue,
  ReportReceiptAcknowledged,
  ReportReminderDue,
  type EventData,
  type Figure,
  type Grade,
  type NewEvent,
  type ReachTier,
  type ReportKind,
} from '@yuqing/contracts';
import { dueWork } from '../deadlines/due-work';
import { boardAddressee, supervisionRouteFor } from '../org/leader-board';
import { chainBetween, cityOf, levelIn, provinceOf, supervisionOfficeOf } from '../org/report-chain';
import { deadlineFor, remindersFor, type ReportingPolicy } from '../policy/reporting-policy';
import {
  evolveReporting,
  holderOf,
  initialReportingState,
  type ForwardRoute,
  type Obligation,
  type Report,
  type ReportingState,
} from './reporting-state';

// Reporting (报送, 第十二至十五条、第十七条) for one incident: obligations opened when a grade comes into force
// (and re-opened when it rises), each with its clock; flash reports, bulletins and 回告 that meet them, on time or
// late; sign-off with instructions opening follow-up tasks, or no sign-off leaving the incident under monitoring;
// reports climbing the org tree hop by hop with receipts; and the deadlines the watcher finds due. Time is data:
// every command carries the moment it is decided at.

const MINUTE = 60_000;
/** How far ahead of the service's clock a reported time may be (clocks of phones and PCs drift). */
const CLOCK_SKEW_MS = 5 * MINUTE;

/** The optional sections of a 《网上舆情》 bulletin, as BulletinSubmitted carries them. */
export type BulletinSections = Pick<
  EventData<typeof BulletinSubmitted>,
  'summary' | 'assessment' | 'suggestions' | 'sources' | 'staff'
>;

/** When the incident arose, as ingestion saw it: its earliest item's capture and (when known) publication. */
export interface IncidentStart {
  readonly firstCapturedAt: string;
  readonly firstPublishedAt?: string;
  /**
   * When a monitor split it off another incident (拆分), if one did: its clock starts no earlier. Its items had been
   * captured as part of the other incident, whose obligations stay; as an incident of its own it arose at the split.
   */
  readonly splitAt?: string;
}

export type ReportingCommand =
  | {
      /** A grade came into force (confirmed, overridden, escalated or downgraded). */
      readonly kind: 'open-for-grade';
      readonly incidentId: string;
      readonly orgUnit: string;
      readonly grade: Grade;
      readonly gradeEventId: string;
      readonly gradedAt: string;
      readonly incidentStart: IncidentStart;
      readonly widestReach?: ReachTier;
      readonly policy: ReportingPolicy;
      readonly newId: () => string;
    }
  | {
      /**
       * Grading proposed a grade (拟定级别). A 一级 proposal opens the flash reports at once, provisional (第十三条:
       * the clock runs from when the opinion arose, whether or not the authority has confirmed yet).
       */
      readonly kind: 'open-for-proposal';
      readonly incidentId: string;
      readonly orgUnit: string;
      readonly grade: Grade;
      readonly proposalEventId: string;
      readonly proposedAt: string;
      readonly incidentStart: IncidentStart;
      readonly widestReach?: ReachTier;
      readonly policy: ReportingPolicy;
      readonly newId: () => string;
    }
  | {
      /**
       * Grading judged the incident genuine or 伪舆情 (GenuinenessJudged). Fabricated: its open obligations are
       * cancelled, citing the judgement; genuine again: those are owed again, on their original clocks.
       */
      readonly kind: 'judge-genuineness';
      readonly verdict: 'genuine' | 'fabricated';
      readonly judgementEventId: string;
      readonly policy: ReportingPolicy;
    }
  | {
      /** An item from a leader message board (《地方领导留言板》) joined the incident. */
      readonly kind: 'refer-board-item';
      readonly incidentId: string;
      readonly orgUnit: string;
      readonly itemId: string;
      /** The board's name as captured (outlet and title): it says whom the message addresses. */
      readonly boardName: string;
      readonly capturedAt: string;
      readonly policy: ReportingPolicy;
      readonly newId: () => string;
    }
  | {
      readonly kind: 'observe-heat';
      readonly heatIndex: number;
      readonly measuredAt: string;
      readonly policy: ReportingPolicy;
      readonly newId: () => string;
    }
  | {
      readonly kind: 'send-flash';
      readonly reportId: string;
      readonly obligationId: string;
      readonly method: 'phone' | 'sms' | 'paper';
      readonly recipientOrgUnitId: string;
      readonly recipientUserId?: string;
      readonly sentAt: string;
      readonly summary: string;
      /** What the report states in structured form: its figures and the grade it gives (review compares them). */
      readonly figures?: Figure[];
      readonly statedGrade?: Grade;
      readonly now: string;
      readonly policy: ReportingPolicy;
    }
  | {
      readonly kind: 'submit-bulletin';
      readonly bulletinId: string;
      readonly obligationId: string;
      readonly issueNumber?: string;
      readonly title: string;
      readonly body: string;
      /** The document's sections (舆情摘要, 研判意见, 处置建议, 信息来源, 版记), when the office gave them. */
      readonly sections?: BulletinSections;
      readonly recipientOrgUnitId: string;
      readonly submittedAt: string;
      /** What the bulletin states in structured form: its figures and the grade it gives (review compares them). */
      readonly figures?: Figure[];
      readonly statedGrade?: Grade;
      readonly now: string;
      readonly policy: ReportingPolicy;
    }
  | {
      readonly kind: 'sign-off';
      readonly bulletinId: string;
      /**
       * Where the signing leader may sign (their grants' outermost units): the receiving level signs (第十七条),
       * so one of them must be the unit the bulletin was submitted to or above it.
       */
      readonly signerOrgUnits: readonly string[];
      readonly instructions: string;
      readonly signedOffAt: string;
      /** The document version the leader signed and its renditions' hashes, recorded with the sign-off. */
      readonly document?: EventData<typeof BulletinSignedOff>['document'];
      readonly tasks?: readonly { description: string; assigneeOrgUnitId?: string; dueAt?: string }[];
      readonly now: string;
      readonly policy: ReportingPolicy;
      readonly newId: () => string;
    }
  | {
      readonly kind: 'report-handling-result';
      readonly reportId: string;
      readonly obligationId: string;
      readonly result: string;
      readonly resolution: 'resolved' | 'explained';
      readonly publicReplyUrl?: string;
      readonly reportedAt: string;
      readonly now: string;
      readonly policy: ReportingPolicy;
    }
  | {
      readonly kind: 'forward';
      readonly reportId: string;
      readonly toOrgUnitId: string;
      readonly route: ForwardRoute;
      readonly note?: string;
      readonly forwardedAt: string;
      readonly now: string;
      readonly policy: ReportingPolicy;
    }
  | {
      readonly kind: 'acknowledge';
      readonly reportId: string;
      readonly acknowledgedAt: string;
      readonly now: string;
    }
  | {
      /** The watcher: whatever the clock has made due (reminders, overdue deadlines, sign-off waits). */
      readonly kind: 'fire-due';
      readonly now: string;
      /** The incident's heat now: the baseline of monitoring if a bulletin is left unsigned. */
      readonly heatIndex?: number;
      readonly policy: ReportingPolicy;
    };

const ms = (iso: string) => Date.parse(iso);
const iso = (time: number) => new Date(time).toISOString();

/** The policy's key for a grade: `exceptional` for 特别重大, else its level. */
function gradeKey(grade: Grade): keyof ReportingPolicy['obligations'] {
  return grade.exceptional ? 'exceptional' : grade.level;
}

/** The report kinds a grade asks for under the policy (and the incident's reach, for the province). */
export function kindsRequired(policy: ReportingPolicy, grade: Grade, widestReach?: ReachTier): ReportKind[] {
  const kinds = [...policy.obligations[gradeKey(grade)]];
  const province = policy.provincialReport;
  if (
    grade.level === 'level-1' &&
    province &&
    widestReach &&
    province.whenWidestReach.includes(widestReach) &&
    !kinds.includes('provincial-report')
  ) {
    kinds.push('provincial-report');
  }
  return kinds;
}

/** Where a kind of report must arrive: the province for the provincial report, the city otherwise. */
function recipientFor(kind: ReportKind, orgUnit: string, policy: ReportingPolicy): string {
  return kind === 'provincial-report' ? provinceOf(orgUnit, policy.orgTree) : cityOf(orgUnit, policy.orgTree);
}

export function decideReporting(command: ReportingCommand, state: ReportingState): NewEvent[] {
  switch (command.kind) {
    case 'open-for-grade':
      return openForGrade(command, state);
    case 'open-for-proposal':
      return openForProposal(command, state);
    case 'judge-genuineness':
      return judgeGenuineness(command, state);
    case 'refer-board-item':
      return referBoardItem(command, state);
    case 'observe-heat':
      return observeHeat(command, state);
    case 'send-flash':
      return sendFlash(command, state);
    case 'submit-bulletin':
      return submitBulletin(command, state);
    case 'sign-off':
      return signOff(command, state);
    case 'report-handling-result':
      return reportHandlingResult(command, state);
    case 'forward':
      return forward(command, state);
    case 'acknowledge':
      return acknowledge(command, state);
    case 'fire-due':
      return fireDue(command, state);
  }
}

// ---- Opening obligations ----

function openForGrade(
  command: Extract<ReportingCommand, { kind: 'open-for-grade' }>,
  state: ReportingState,
): NewEvent[] {
  if (state.causesActedOn.includes(command.gradeEventId)) return [];
  const { policy, grade } = command;
  const required = kindsRequired(policy, grade, command.widestReach);
  const meta = { causationId: command.gradeEventId, ruleVersion: policy.version };
  const events: NewEvent[] = [];
  // Obligations the new grade no longer asks for are withdrawn; what has happened (overdue) stays recorded.
  for (const o of state.obligations) {
    // A board referral and a handling summary (处置完毕) are owed whatever the grade.
    if (o.status !== 'open' || o.reason === 'leader-board-item' || o.reason === 'handling-completed')
      continue;
    if (required.includes(o.kind)) continue;
    const data = {
      obligationId: o.obligationId,
      incidentId: command.incidentId,
      kind: o.kind,
      reason: 'grade-changed' as const,
      grade,
      ruleSetVersion: policy.version,
      // The decision that withdrew it: a lower grade than a 一级 proposal opened the flash reports for, say.
      causeEventId: command.gradeEventId,
    };
    events.push({ ...ReportingObligationCancelled.create(data), metadata: meta });
  }
  // Those opened on a 一级 proposal that the grade in force asks for are made firm: the same obligations and clocks.
  for (const o of state.obligations) {
    if (o.status !== 'open' || !o.provisional || !required.includes(o.kind)) continue;
    const data = {
      obligationId: o.obligationId,
      incidentId: command.incidentId,
      kind: o.kind,
      grade,
      gradeEventId: command.gradeEventId,
      ruleSetVersion: policy.version,
    };
    events.push({ ...ReportingObligationConfirmed.create(data), metadata: meta });
  }
  // The first grade runs from when the opinion arose; a change of grade from when it changed (the duty to
  // report as 一级 did not exist before the escalation).
  const first = state.grade === undefined;
  for (const kind of required) {
    // A report already made at this level (一级 or 特别重大 alike) is not owed again; a rise while a bulletin is
    // unsigned re-opens it through monitoring instead.
    const owed = state.obligations.some(
      (o) =>
        o.kind === kind &&
        (o.status === 'open' || (o.status === 'fulfilled' && atLeastLevel(o.grade, grade))),
    );
    if (owed) continue;
    const deadline = deadlineFor(policy, kind);
    const clock =
      first && deadline.from === 'incident-start'
        ? incidentClock(command.incidentStart, policy)
        : { basis: 'graded' as const, startedAt: command.gradedAt };
    const obligationId = command.newId();
    const dueAt = iso(ms(clock.startedAt) + deadline.minutes * MINUTE);
    events.push({
      ...ReportingObligationOpened.create({
        obligationId,
        incidentId: command.incidentId,
        kind,
        grade,
        reason: 'grade-in-force',
        recipientOrgUnitId: recipientFor(kind, command.orgUnit, policy),
        clockBasis: clock.basis,
        clockStartedAt: clock.startedAt,
        dueAt,
        reminderLeadMinutes: remindersFor(policy, kind),
        ruleSetVersion: policy.version,
      }),
      metadata: meta,
    });
    if (kind === 'handling-result') {
      // 直办制: the department concerned handles it directly within the limit (第十五条).
      events.push({
        ...DirectHandlingAssigned.create({
          obligationId,
          incidentId: command.incidentId,
          departmentId: command.orgUnit,
          dueAt,
          ruleSetVersion: policy.version,
        }),
        metadata: meta,
      });
    }
  }
  return events;
}

/** Whether `a` is at `b`'s level or above it (一级 is above 二级), the 特别重大 flag aside. */
function atLeastLevel(a: Grade | undefined, b: Grade): boolean {
  return (
    a !== undefined &&
    gradeSeverity({ ...a, exceptional: false }) <= gradeSeverity({ ...b, exceptional: false })
  );
}

/**
 * The clock of the first grade: first capture, or first publication (never later than the capture); for an
 * incident split off another, never before the split.
 */
function incidentClock(
  start: IncidentStart,
  policy: ReportingPolicy,
): { basis: 'first-capture' | 'first-publication' | 'split'; startedAt: string } {
  const arose = aroseAt(start, policy);
  if (start.splitAt !== undefined && ms(start.splitAt) > ms(arose.startedAt)) {
    return { basis: 'split', startedAt: iso(ms(start.splitAt)) };
  }
  return arose;
}

function aroseAt(
  start: IncidentStart,
  policy: ReportingPolicy,
): { basis: 'first-capture' | 'first-publication'; startedAt: string } {
  if (policy.clockStart === 'first-publication' && start.firstPublishedAt !== undefined) {
    const published = ms(start.firstPublishedAt);
    if (published <= ms(start.firstCapturedAt))
      return { basis: 'first-publication', startedAt: iso(published) };
  }
  return { basis: 'first-capture', startedAt: iso(ms(start.firstCapturedAt)) };
}

/**
 * 第十三条 counts the 30 minutes from when the opinion arose, not from a confirmation: a 一级 proposal opens the
 * reports whose clock runs from the incident's start, provisional. With a lower grade already in force, the clock
 * runs from the proposal (the 一级 duty did not exist before it). A grade of 一级 already in force owes them firmly.
 */
function openForProposal(
  command: Extract<ReportingCommand, { kind: 'open-for-proposal' }>,
  state: ReportingState,
): NewEvent[] {
  const { policy, grade } = command;
  if (grade.level !== 'level-1' || state.causesActedOn.includes(command.proposalEventId)) return [];
  if (state.grade !== undefined && atLeastLevel(state.grade, grade)) return [];
  const first = state.grade === undefined;
  const meta = { causationId: command.proposalEventId, ruleVersion: policy.version };
  const events: NewEvent[] = [];
  for (const kind of kindsRequired(policy, grade, command.widestReach)) {
    const deadline = deadlineFor(policy, kind);
    if (deadline.from !== 'incident-start') continue;
    const owed = state.obligations.some(
      (o) =>
        o.kind === kind &&
        (o.status === 'open' || (o.status === 'fulfilled' && atLeastLevel(o.grade, grade))),
    );
    if (owed) continue;
    const clock = first
      ? incidentClock(command.incidentStart, policy)
      : { basis: 'proposed' as const, startedAt: iso(ms(command.proposedAt)) };
    events.push({
      ...ReportingObligationOpened.create({
        obligationId: command.newId(),
        incidentId: command.incidentId,
        kind,
        grade,
        reason: 'grade-proposed',
        recipientOrgUnitId: recipientFor(kind, command.orgUnit, policy),
        clockBasis: clock.basis,
        clockStartedAt: clock.startedAt,
        dueAt: iso(ms(clock.startedAt) + deadline.minutes * MINUTE),
        reminderLeadMinutes: remindersFor(policy, kind),
        ruleSetVersion: policy.version,
        provisional: true,
      }),
      metadata: meta,
    });
  }
  return events;
}

/**
 * 伪舆情 (篇二 四(四)1): an incident judged fabricated owes no reports; each open obligation is cancelled citing the
 * judgement. Judged genuine again, the obligations that judgement cancelled are owed again on their original clocks.
 */
function judgeGenuineness(
  command: Extract<ReportingCommand, { kind: 'judge-genuineness' }>,
  state: ReportingState,
): NewEvent[] {
  const incidentId = state.incidentId;
  if (incidentId === undefined) return [];
  const meta = { causationId: command.judgementEventId, ruleVersion: command.policy.version };
  if (command.verdict === 'fabricated') {
    return state.obligations
      .filter((o) => o.status === 'open')
      .map((o) => ({
        ...ReportingObligationCancelled.create({
          obligationId: o.obligationId,
          incidentId,
          kind: o.kind,
          reason: 'judged-fabricated',
          ...optional('grade', o.grade),
          ruleSetVersion: command.policy.version,
          causeEventId: command.judgementEventId,
        }),
        metadata: meta,
      }));
  }
  return state.obligations
    .filter((o) => o.status === 'cancelled' && o.cancelledReason === 'judged-fabricated')
    .map((o) => ({
      ...ReportingObligationReopened.create({
        obligationId: o.obligationId,
        incidentId,
        kind: o.kind,
        reason: 'judged-genuine',
        causeEventId: command.judgementEventId,
        cancelledBy: o.cancelledBy ?? command.judgementEventId,
        dueAt: o.dueAt,
      }),
      metadata: meta,
    }));
}

function referBoardItem(
  command: Extract<ReportingCommand, { kind: 'refer-board-item' }>,
  state: ReportingState,
): NewEvent[] {
  if (state.obligations.some((o) => o.sourceItemId === command.itemId)) return [];
  const { policy } = command;
  const addressee = boardAddressee(command.boardName, policy);
  const city = cityOf(command.orgUnit, policy.orgTree);
  // A board that does not say whom it addresses goes to the city, and a person chooses the office.
  const recipient = addressee
    ? supervisionOfficeOf(city, supervisionRouteFor(addressee), policy.orgTree)
    : city;
  // The board's clock runs from the item's capture (发现舆情后), whatever the policy's incident clock.
  const deadline = deadlineFor(policy, 'leader-board-referral');
  const startedAt = command.capturedAt;
  const event = ReportingObligationOpened.create({
    obligationId: command.newId(),
    incidentId: command.incidentId,
    kind: 'leader-board-referral',
    reason: 'leader-board-item',
    recipientOrgUnitId: recipient,
    clockBasis: 'first-capture',
    clockStartedAt: iso(ms(startedAt)),
    dueAt: iso(ms(startedAt) + deadline.minutes * MINUTE),
    reminderLeadMinutes: remindersFor(policy, 'leader-board-referral'),
    sourceItemId: command.itemId,
    ruleSetVersion: policy.version,
  });
  return [{ ...event, metadata: { ruleVersion: policy.version } }];
}

/** 若舆情进一步升级，要及时上报: a rise while a bulletin is left unsigned re-opens the bulletin obligation. */
function observeHeat(
  command: Extract<ReportingCommand, { kind: 'observe-heat' }>,
  state: ReportingState,
): NewEvent[] {
  const monitoring = state.monitoring;
  if (!monitoring || monitoring.baselineHeat === undefined) return [];
  if (command.heatIndex - monitoring.baselineHeat < command.policy.monitoring.reopenOnHeatRise) return [];
  const bulletin = state.bulletins.find((b) => b.bulletinId === monitoring.bulletinId);
  const previous = state.obligations.find((o) => o.obligationId === bulletin?.obligationId);
  const { policy } = command;
  const deadline = deadlineFor(policy, 'bulletin');
  const event = ReportingObligationOpened.create({
    obligationId: command.newId(),
    incidentId: state.incidentId!,
    kind: 'bulletin',
    ...optional('grade', previous?.grade ?? state.grade),
    reason: 'rose-while-unsigned',
    recipientOrgUnitId: previous?.recipientOrgUnitId ?? cityOf(state.orgUnit!, policy.orgTree),
    clockBasis: 'rose',
    clockStartedAt: iso(ms(command.measuredAt)),
    dueAt: iso(ms(command.measuredAt) + deadline.minutes * MINUTE),
    reminderLeadMinutes: remindersFor(policy, 'bulletin'),
    ruleSetVersion: policy.version,
  });
  return [{ ...event, metadata: { ruleVersion: policy.version } }];
}

// ---- Reports against obligations ----

function obligationOf(state: ReportingState, obligationId: string): Obligation {
  const o = state.obligations.find((x) => x.obligationId === obligationId);
  if (!o) refuse('reporting.obligation-unknown', `there is no obligation ${obligationId} for this incident`);
  if (o.status === 'cancelled') {
    refuse(
      'reporting.obligation-cancelled',
      `obligation ${obligationId} was withdrawn (the grade changed, or the incident was merged)`,
    );
  }
  if (o.status === 'carried-over') {
    refuse(
      'reporting.obligation-carried-over',
      `obligation ${obligationId} went over to incident ${o.carriedOverTo} when this one was merged into it`,
    );
  }
  if (o.status === 'fulfilled') {
    refuse(
      'reporting.obligation-already-fulfilled',
      `obligation ${obligationId} (${o.kind}) has already been met`,
    );
  }
  return o;
}

function notInFuture(at: string, now: string, field: string): void {
  if (ms(at) > ms(now) + CLOCK_SKEW_MS) refuse('reporting.time-in-future', `${field} is later than now`);
}

/**
 * Checks that a report from the incident's unit to `to` goes up the chain towards the obligation's recipient:
 * to the recipient itself (快报 go straight to the city's principal leader) or to the next level up (镇 → 县).
 * Returns whether it reached the recipient.
 */
function firstHop(state: ReportingState, o: Obligation, to: string, policy: ReportingPolicy): boolean {
  const origin = state.orgUnit!;
  const chain = chainBetween(origin, o.recipientOrgUnitId);
  const top = chain.length - 1;
  const level = levelIn(chain, to, policy.orgTree);
  if (chain.length === 0 || (level === 0 && top > 0) || level < 0 || (level !== top && level !== 1)) {
    refuse(
      'reporting.recipient-not-up-the-chain',
      `a ${o.kind} report from ${origin} goes to ${o.recipientOrgUnitId} or the next level up, not to ${to}`,
    );
  }
  return level === top;
}

function fulfilled(state: ReportingState, o: Obligation, reportId: string, at: string): NewEvent {
  return ReportingObligationFulfilled.create({
    obligationId: o.obligationId,
    incidentId: state.incidentId!,
    kind: o.kind,
    reportId,
    fulfilledAt: iso(ms(at)),
    dueAt: o.dueAt,
    onTime: ms(at) <= ms(o.dueAt),
  });
}

const FLASH_METHODS: Partial<Record<ReportKind, readonly string[]>> = {
  'phone-flash': ['phone', 'sms'],
  'paper-flash': ['paper'],
  'top-level-report': ['phone', 'sms', 'paper'],
  'provincial-report': ['phone', 'sms', 'paper'],
};

function sendFlash(
  command: Extract<ReportingCommand, { kind: 'send-flash' }>,
  state: ReportingState,
): NewEvent[] {
  const o = obligationOf(state, command.obligationId);
  const methods = FLASH_METHODS[o.kind];
  if (!methods)
    refuse(
      'reporting.not-a-flash-obligation',
      `obligation ${o.obligationId} asks for a ${o.kind}, not a flash report`,
    );
  if (!methods.includes(command.method)) {
    refuse(
      'reporting.method-does-not-fit',
      `a ${o.kind} is made by ${methods.join(' or ')}, not by ${command.method}`,
    );
  }
  reportIdFree(state, command.reportId);
  notInFuture(command.sentAt, command.now, 'sentAt');
  const reached = firstHop(state, o, command.recipientOrgUnitId, command.policy);
  const sent = FlashReportSent.create({
    reportId: command.reportId,
    obligationId: o.obligationId,
    incidentId: state.incidentId!,
    method: command.method,
    recipientOrgUnitId: command.recipientOrgUnitId,
    ...optional('recipientUserId', command.recipientUserId),
    sentAt: command.sentAt,
    summary: command.summary,
    ...optional('figures', command.figures),
    ...optional('statedGrade', command.statedGrade),
  });
  return reached ? [sent, fulfilled(state, o, command.reportId, command.sentAt)] : [sent];
}

function reportIdFree(state: ReportingState, reportId: string): void {
  if (state.reports.some((r) => r.reportId === reportId))
    refuse('reporting.report-id-taken', `report ${reportId} already exists`);
}

function submitBulletin(
  command: Extract<ReportingCommand, { kind: 'submit-bulletin' }>,
  state: ReportingState,
): NewEvent[] {
  const o = obligationOf(state, command.obligationId);
  if (o.kind !== 'bulletin')
    refuse('reporting.not-a-bulletin-obligation', `obligation ${o.obligationId} asks for a ${o.kind}`);
  reportIdFree(state, command.bulletinId);
  notInFuture(command.submittedAt, command.now, 'submittedAt');
  const reached = firstHop(state, o, command.recipientOrgUnitId, command.policy);
  const submitted = BulletinSubmitted.create({
    bulletinId: command.bulletinId,
    obligationId: o.obligationId,
    incidentId: state.incidentId!,
    ...optional('issueNumber', command.issueNumber),
    title: command.title,
    body: command.body,
    ...sectionsOf(command.sections),
    recipientOrgUnitId: command.recipientOrgUnitId,
    signOffWaitUntil: iso(ms(command.submittedAt) + command.policy.signOff.waitMinutes * MINUTE),
    ...optional('figures', command.figures),
    ...optional('statedGrade', command.statedGrade),
  });
  return reached ? [submitted, fulfilled(state, o, command.bulletinId, command.submittedAt)] : [submitted];
}

/** Only the sections given: an absent one stays absent in the event (not `undefined`). */
function sectionsOf(sections: BulletinSections | undefined): BulletinSections {
  if (!sections) return {};
  return Object.fromEntries(
    Object.entries(sections).filter(([, value]) => value !== undefined),
  ) as BulletinSections;
}

/** 签批: the leader's instructions (批示) open follow-up tasks the incident's unit supervises (督办, 第十七条). */
function signOff(
  command: Extract<ReportingCommand, { kind: 'sign-off' }>,
  state: ReportingState,
): NewEvent[] {
  const bulletin = state.bulletins.find((b) => b.bulletinId === command.bulletinId);
  if (!bulletin)
    refuse('reporting.bulletin-unknown', `there is no bulletin ${command.bulletinId} for this incident`);
  if (bulletin.status === 'signed-off') {
    refuse(
      'reporting.bulletin-already-signed-off',
      `bulletin ${command.bulletinId} has already been signed off`,
    );
  }
  const signer = receivingSigner(bulletin.recipientOrgUnitId, command.signerOrgUnits);
  notInFuture(command.signedOffAt, command.now, 'signedOffAt');
  const instructions = command.instructions.trim();
  if (instructions === '')
    refuse('reporting.instructions-required', 'a sign-off carries the instructions (批示)');
  const orgUnit = state.orgUnit!;
  const defaultDue = command.policy.followUp.dueMinutes;
  const tasks = command.tasks && command.tasks.length > 0 ? command.tasks : [{ description: instructions }];
  const signed = BulletinSignedOff.create({
    bulletinId: bulletin.bulletinId,
    incidentId: state.incidentId!,
    instructions,
    signedOffAt: command.signedOffAt,
    signerOrgUnitId: signer,
    ...optional('document', command.document),
  });
  const opened = tasks.map((task) => {
    const dueAt = task.dueAt ?? (defaultDue ? iso(ms(command.signedOffAt) + defaultDue * MINUTE) : undefined);
    return FollowUpTaskOpened.create({
      taskId: command.newId(),
      incidentId: state.incidentId!,
      bulletinId: bulletin.bulletinId,
      description: task.description,
      assigneeOrgUnitId: task.assigneeOrgUnitId ?? orgUnit,
      supervisorOrgUnitId: orgUnit,
      ...optional('dueAt', dueAt),
    });
  });
  return [signed, ...opened];
}

/**
 * 第十七条: the 《网上舆情》 goes to 局领导 and 市局 signs it, so the receiving level signs, not the unit that sent it.
 * Returns the signer's unit that is the bulletin's recipient or above it (a leader of the sending unit is refused).
 */
export function receivingSigner(recipientOrgUnitId: string, signerOrgUnits: readonly string[]): string {
  const covering = signerOrgUnits.find(
    (unit) => recipientOrgUnitId === unit || recipientOrgUnitId.startsWith(`${unit}.`),
  );
  if (covering === undefined) {
    refuse(
      'reporting.sign-off-by-receiving-level',
      `the bulletin was submitted to ${recipientOrgUnitId}: a leader there or above signs it off, not one of ${signerOrgUnits.join(', ') || 'no unit'} (第十七条)`,
    );
  }
  return covering;
}

/** 回告: the result reported back to the city bureau, with the outcome posted online (第十七条). */
function reportHandlingResult(
  command: Extract<ReportingCommand, { kind: 'report-handling-result' }>,
  state: ReportingState,
): NewEvent[] {
  const o = obligationOf(state, command.obligationId);
  if (o.kind !== 'handling-result') {
    refuse(
      'reporting.not-a-handling-obligation',
      `obligation ${o.obligationId} asks for a ${o.kind}, not a 回告`,
    );
  }
  if (command.policy.directHandling.requirePublicReply && !command.publicReplyUrl) {
    refuse('reporting.public-reply-required', 'post the outcome online (网上反馈) and give its address');
  }
  reportIdFree(state, command.reportId);
  notInFuture(command.reportedAt, command.now, 'reportedAt');
  const reported = HandlingResultReported.create({
    reportId: command.reportId,
    obligationId: o.obligationId,
    incidentId: state.incidentId!,
    result: command.result,
    resolution: command.resolution,
    ...optional('publicReplyUrl', command.publicReplyUrl),
  });
  return [reported, fulfilled(state, o, command.reportId, command.reportedAt)];
}

// ---- The chain up the tree ----

function reportOf(state: ReportingState, reportId: string): Report {
  return (
    state.reports.find((r) => r.reportId === reportId) ??
    refuse('reporting.report-unknown', `there is no report ${reportId} for this incident`)
  );
}

function forward(command: Extract<ReportingCommand, { kind: 'forward' }>, state: ReportingState): NewEvent[] {
  const report = reportOf(state, command.reportId);
  notInFuture(command.forwardedAt, command.now, 'forwardedAt');
  const o = state.obligations.find((x) => x.obligationId === report.obligationId);
  const from = holderOf(report) ?? state.orgUnit!;
  const base = {
    reportId: report.reportId,
    incidentId: state.incidentId!,
    ...optional('obligationId', o?.obligationId),
    fromOrgUnitId: from,
    toOrgUnitId: command.toOrgUnitId,
    route: command.route,
    ...optional('note', command.note),
  };
  if (report.kind === 'board-item') return forwardBoardItem(command, state, o, base);
  if (command.route !== 'higher-level') {
    refuse(
      'reporting.route-not-for-report',
      'only leader message-board items go to a supervision office (督办室)',
    );
  }
  const top = o?.recipientOrgUnitId ?? cityOf(state.orgUnit!, command.policy.orgTree);
  const chain = chainBetween(state.orgUnit!, top);
  const at = levelIn(chain, from, command.policy.orgTree);
  const to = levelIn(chain, command.toOrgUnitId, command.policy.orgTree);
  if (at === chain.length - 1)
    refuse('reporting.already-at-the-top', `the report has already reached ${top}`);
  // 按程序: one level at a time; only 特别重大 goes up the whole chain at once (第十二条).
  const skips = o?.kind !== 'top-level-report' && to !== at + 1;
  if (to <= at || skips) {
    refuse(
      'reporting.forward-skips-level',
      `from ${from} the report goes to ${chain[at + 1]}, not to ${command.toOrgUnitId}`,
    );
  }
  const forwarded = ReportForwarded.create(base);
  const reachesTop = to === chain.length - 1;
  return reachesTop && o && o.status === 'open'
    ? [forwarded, fulfilled(state, o, report.reportId, command.forwardedAt)]
    : [forwarded];
}

function forwardBoardItem(
  command: Extract<ReportingCommand, { kind: 'forward' }>,
  state: ReportingState,
  o: Obligation | undefined,
  data: EventData<typeof ReportForwarded>,
): NewEvent[] {
  if (command.route === 'higher-level') {
    refuse(
      'reporting.board-item-goes-to-supervision-office',
      'a leader message-board item goes to a supervision office (督办室)',
    );
  }
  const city = cityOf(state.orgUnit!, command.policy.orgTree);
  const office = supervisionOfficeOf(city, command.route, command.policy.orgTree);
  const routed = o && o.recipientOrgUnitId !== city ? o.recipientOrgUnitId : undefined;
  if (routed && routed !== office) {
    refuse(
      'reporting.board-item-misrouted',
      `this board addresses the office at ${routed} (对口督办室), not ${office}`,
    );
  }
  if (command.toOrgUnitId !== office) {
    refuse(
      'reporting.board-item-misrouted',
      `the ${command.route} of ${city} is ${office}, not ${command.toOrgUnitId}`,
    );
  }
  const forwarded = ReportForwarded.create(data);
  return o && o.status === 'open'
    ? [forwarded, fulfilled(state, o, data.reportId, command.forwardedAt)]
    : [forwarded];
}

/** 签收: the unit a report was last sent to acknowledges it; each hop once. */
function acknowledge(
  command: Extract<ReportingCommand, { kind: 'acknowledge' }>,
  state: ReportingState,
): NewEvent[] {
  const report = reportOf(state, command.reportId);
  const pending = report.hops.find((h) => !h.acknowledgedAt);
  if (!pending)
    refuse(
      'reporting.nothing-to-acknowledge',
      `every hop of report ${command.reportId} has been acknowledged`,
    );
  notInFuture(command.acknowledgedAt, command.now, 'acknowledgedAt');
  if (ms(command.acknowledgedAt) < ms(pending.at) - CLOCK_SKEW_MS) {
    refuse('reporting.acknowledged-before-sent', 'a receipt cannot precede the report');
  }
  return [
    ReportReceiptAcknowledged.create({
      reportId: report.reportId,
      incidentId: state.incidentId!,
      recipientOrgUnitId: pending.toOrgUnitId,
      acknowledgedAt: command.acknowledgedAt,
    }),
  ];
}

/** The unit whose receipt a report awaits (the guard checks the caller may acknowledge there). */
export function awaitingReceiptFrom(report: Report): string | undefined {
  return report.hops.find((h) => !h.acknowledgedAt)?.toOrgUnitId;
}

// ---- The clock ----

function fireDue(
  command: Extract<ReportingCommand, { kind: 'fire-due' }>,
  state: ReportingState,
): NewEvent[] {
  const now = new Date(command.now);
  const version = command.policy.version;
  return dueWork(state, now).map((work): NewEvent => {
    if (work.kind === 'sign-off-wait') {
      const b = state.bulletins.find((x) => x.bulletinId === work.bulletinId)!;
      const event = BulletinLeftUnsigned.create({
        bulletinId: work.bulletinId,
        incidentId: state.incidentId!,
        waitedUntil: work.waitedUntil,
        ...optional('heatIndex', command.heatIndex),
        ruleSetVersion: version,
      });
      return { ...event, metadata: { causationId: b.submittedEventId, ruleVersion: version } };
    }
    const o = state.obligations.find((x) => x.obligationId === work.obligationId)!;
    const metadata = { causationId: o.openedEventId, ruleVersion: o.ruleSetVersion };
    if (work.kind === 'overdue') {
      const event = ReportOverdue.create({
        obligationId: o.obligationId,
        incidentId: state.incidentId!,
        kind: o.kind,
        dueAt: o.dueAt,
        ruleSetVersion: o.ruleSetVersion,
      });
      return { ...event, metadata };
    }
    const event = ReportReminderDue.create({
      obligationId: o.obligationId,
      incidentId: state.incidentId!,
      kind: o.kind,
      dueAt: o.dueAt,
      leadMinutes: work.leadMinutes,
      minutesRemaining: work.minutesRemaining,
    });
    return { ...event, metadata };
  });
}

/** The decider as the event store's command handling takes it. */
export const reportingDecider = {
  initialState: initialReportingState,
  evolve: evolveReporting,
  decide: decideReporting,
};

/** The stream of an incident's reporting (`reportingStreams.incident`, named for the domain's callers). */
export const reportingStreamId = reportingStreams.incident.id;
